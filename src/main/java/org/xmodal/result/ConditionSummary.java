package org.xmodal.result;

import org.xmodal.ablation.Condition;
import org.xmodal.analysis.Interval;

/**
 * One row of a run's table: a metric under a condition, over {@code n} examples, with the change against the
 * run's {@code none} condition (NaN when the run has no {@code none}). Means and spreads are in bits. The intervals
 * (bits) and p-values are null when they were not computed, and the Δ ones for {@code none} itself.
 */
public record ConditionSummary(Condition condition, Metric metric, long n, double meanBits, double stdBits,
                               double deltaBits, double relativeDelta, Interval meanInterval, Interval deltaInterval,
                               Double p, Double pHolm) {
    public static final double LN2 = Math.log(2.0);

    /** A row without intervals or p-values. */
    public ConditionSummary(Condition condition, Metric metric, long n, double meanBits, double stdBits,
                            double deltaBits, double relativeDelta) {
        this(condition, metric, n, meanBits, stdBits, deltaBits, relativeDelta, null, null, null, null);
    }
}
