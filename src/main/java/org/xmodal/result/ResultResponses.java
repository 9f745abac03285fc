package org.xmodal.result;

import java.util.List;

/** What the results API returns. Means, spreads and deltas are in bits; relative deltas are fractions. */
public final class ResultResponses {
    private ResultResponses() {
    }

    /**
     * One metric under one condition of one run. The interval bounds ({@code level} confidence, see the response's
     * {@code uncertainty}) and p-values are null while a run has none: not finished, or finished before they were
     * computed; the Δ ones are null for {@code none} itself. {@code p}: the paired sign-flip permutation test of Δ vs
     * the run's own none; {@code pHolm}: Holm-adjusted across the run's conditions under the same metric.
     */
    public record ConditionRow(long runId, long sweepId, String model, String direction, String condition, String metric,
                               long n, double meanBits, double stdBits, Double deltaBits, Double relativeDelta,
                               Double meanLowBits, Double meanHighBits, Double deltaLowBits, Double deltaHighBits,
                               Double relativeDeltaLow, Double relativeDeltaHigh, Double p, Double pHolm) {
        /** A row without intervals or p-values. */
        public ConditionRow(long runId, long sweepId, String model, String direction, String condition, String metric,
                            long n, double meanBits, double stdBits, Double deltaBits, Double relativeDelta) {
            this(runId, sweepId, model, direction, condition, metric, n, meanBits, stdBits, deltaBits, relativeDelta,
                    null, null, null, null, null, null, null, null);
        }
    }

    /** A run's table; {@code partial} while the run has not finished (then computed live from the stored rows). */
    /** {@code skipped}: entries left out of n because they have no target in the run's direction. */
    /** {@code uncertainty}: how the rows' intervals and p-values were computed; null when they have none. */
    public record RunSummaryResponse(long runId, long sweepId, String model, String direction, String state, boolean partial,
                                     List<ConditionRow> rows, long skipped, String uncertainty) {
        public RunSummaryResponse(long runId, long sweepId, String model, String direction, String state, boolean partial,
                                  List<ConditionRow> rows, long skipped) {
            this(runId, sweepId, model, direction, state, partial, rows, skipped, null);
        }
    }

    /** An entry a run left out because it has nothing to score in the run's direction, and why. */
    public record SkippedResponse(int example, long imageId, String phrase, String reason) {
    }

    /**
     * Runs on one dataset side by side: models × conditions. {@code uncertainty}: how the rows' intervals and
     * p-values were computed (one sentence per distinct setting among the runs); null when no row has any.
     */
    public record ComparisonResponse(String dataset, List<Long> runs, List<ConditionRow> rows, String uncertainty) {
        public ComparisonResponse(String dataset, List<Long> runs, List<ConditionRow> rows) {
            this(dataset, runs, rows, null);
        }
    }

    /** One example of a run under each of its conditions, with its phrase inside the caption's subword tokens. */
    public record ExampleResponse(int example, long imageId, String sentence, String phrase, List<String> captionTokens,
                                  int phraseFrom, int phraseTo, Integer targetRegion, String targetClass,
                                  List<ExampleCondition> conditions) {
    }

    /** {@code predicted}: tokens at the masked positions (vis4lang) or the predicted region class (lang4vis). */
    public record ExampleCondition(String condition, double lossBits, Double secondaryBits, int ablatedRegions,
                                   List<String> predicted) {
    }
}
