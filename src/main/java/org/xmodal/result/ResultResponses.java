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
     * {@code group}: the attribute value of its cell under {@code by=} (else null).
     */
    public record ConditionRow(long runId, long sweepId, String model, String direction, String condition, String metric,
                               long n, double meanBits, double stdBits, Double deltaBits, Double relativeDelta,
                               Double meanLowBits, Double meanHighBits, Double deltaLowBits, Double deltaHighBits,
                               Double relativeDeltaLow, Double relativeDeltaHigh, Double p, Double pHolm, String group) {
        /** A row of every example, with intervals and p-values. */
        public ConditionRow(long runId, long sweepId, String model, String direction, String condition, String metric,
                            long n, double meanBits, double stdBits, Double deltaBits, Double relativeDelta,
                            Double meanLowBits, Double meanHighBits, Double deltaLowBits, Double deltaHighBits,
                            Double relativeDeltaLow, Double relativeDeltaHigh, Double p, Double pHolm) {
            this(runId, sweepId, model, direction, condition, metric, n, meanBits, stdBits, deltaBits, relativeDelta,
                    meanLowBits, meanHighBits, deltaLowBits, deltaHighBits, relativeDeltaLow, relativeDeltaHigh, p, pHolm, null);
        }

        /** A row of a cell ({@code group}) without intervals or p-values. */
        public ConditionRow(long runId, long sweepId, String model, String direction, String condition, String metric,
                            long n, double meanBits, double stdBits, Double deltaBits, Double relativeDelta, String group) {
            this(runId, sweepId, model, direction, condition, metric, n, meanBits, stdBits, deltaBits, relativeDelta,
                    null, null, null, null, null, null, null, null, group);
        }

        /** A row without intervals or p-values. */
        public ConditionRow(long runId, long sweepId, String model, String direction, String condition, String metric,
                            long n, double meanBits, double stdBits, Double deltaBits, Double relativeDelta) {
            this(runId, sweepId, model, direction, condition, metric, n, meanBits, stdBits, deltaBits, relativeDelta, (String) null);
        }
    }

    /**
     * The examples a restricted table covers: the subsets it was restricted to ({@code name:value}, all must hold), the
     * attribute it was broken down by, and per cell how many of the dataset's examples it holds (0: none matched).
     */
    public record SubsetResponse(String dataset, List<String> subset, String by, List<SubsetCell> cells) {
    }

    /** A cell of a restricted table: its attribute value (null without {@code by=}) and its examples in the dataset. */
    public record SubsetCell(String group, long examples) {
    }

    /**
     * A run's table; {@code partial} while the run has not finished (then computed live from the stored rows).
     * {@code skipped}: entries left out of n because they have no target in the run's direction. {@code uncertainty}:
     * how the rows' intervals and p-values were computed; null when they have none. {@code subset}: the restriction or
     * breakdown it was computed under (null: every example).
     */
    public record RunSummaryResponse(long runId, long sweepId, String model, String direction, String state, boolean partial,
                                     List<ConditionRow> rows, long skipped, String uncertainty, SubsetResponse subset) {
        public RunSummaryResponse(long runId, long sweepId, String model, String direction, String state, boolean partial,
                                  List<ConditionRow> rows, long skipped) {
            this(runId, sweepId, model, direction, state, partial, rows, skipped, null, null);
        }
    }

    /** An entry a run left out because it has nothing to score in the run's direction, and why. */
    public record SkippedResponse(int example, long imageId, String phrase, String reason) {
    }

    /**
     * Runs on one dataset side by side: models × conditions. {@code uncertainty}: how the rows' intervals and
     * p-values were computed (one sentence per distinct setting among the runs); null when no row has any.
     * {@code subset}: the restriction or breakdown it was computed under (null: every example, from the aggregates).
     * {@code groups}: the seed groups among their models.
     */
    public record ComparisonResponse(String dataset, List<Long> runs, List<ConditionRow> rows, String uncertainty,
                                     SubsetResponse subset, List<SeedGroupRow> groups) {
        public ComparisonResponse(String dataset, List<Long> runs, List<ConditionRow> rows) {
            this(dataset, runs, rows, null, null, List.of());
        }

        public ComparisonResponse(String dataset, List<Long> runs, List<ConditionRow> rows, String uncertainty,
                                  SubsetResponse subset) {
            this(dataset, runs, rows, uncertainty, subset, List.of());
        }

        public ComparisonResponse withGroups(List<SeedGroupRow> seedGroups) {
            return new ComparisonResponse(dataset, runs, rows, uncertainty, subset, seedGroups);
        }
    }

    /**
     * A seed group (replicates of one architecture) under one condition and metric: the mean over its seeds, the
     * standard deviation across seeds (n − 1; null for one seed), the smallest and largest seed mean, and each seed.
     * This is the uncertainty across seeds; each seed's own {@code stdBits} is the spread across examples within it.
     */
    public record SeedGroupRow(String group, String direction, String condition, String metric, int seeds, double meanBits,
                               Double sdAcrossSeedsBits, double minBits, double maxBits, List<SeedPoint> members) {
    }

    /** One seed of a group: its model, the seed its name gives (or null), its run (null for published rows) and mean. */
    public record SeedPoint(String model, Long seed, Long runId, double meanBits, Long n, Double stdBits) {
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
