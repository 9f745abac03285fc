package org.xmodal.result;

import java.util.List;

/** What the results API returns. Means, spreads and deltas are in bits; relative deltas are fractions. */
public final class ResultResponses {
    private ResultResponses() {
    }

    /** One metric under one condition of one run. */
    public record ConditionRow(long runId, long sweepId, String model, String direction, String condition, String metric,
                               long n, double meanBits, double stdBits, Double deltaBits, Double relativeDelta) {
    }

    /** A run's table; {@code partial} while the run has not finished (then computed live from the stored rows). */
    /** {@code skipped}: entries left out of n because they have no target in the run's direction. */
    public record RunSummaryResponse(long runId, long sweepId, String model, String direction, String state, boolean partial,
                                     List<ConditionRow> rows, long skipped) {
    }

    /** An entry a run left out because it has nothing to score in the run's direction, and why. */
    public record SkippedResponse(int example, long imageId, String phrase, String reason) {
    }

    /** Runs on one dataset side by side: models × conditions; {@code groups}: the seed groups among their models. */
    public record ComparisonResponse(String dataset, List<Long> runs, List<ConditionRow> rows, List<SeedGroupRow> groups) {
        public ComparisonResponse(String dataset, List<Long> runs, List<ConditionRow> rows) {
            this(dataset, runs, rows, List.of());
        }

        public ComparisonResponse withGroups(List<SeedGroupRow> seedGroups) {
            return new ComparisonResponse(dataset, runs, rows, seedGroups);
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
