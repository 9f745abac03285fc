package org.xmodal.result;

import org.xmodal.ablation.Condition;

/**
 * One row of a run's table: a metric under a condition, over {@code n} examples, with the change against the
 * run's {@code none} condition (NaN when the run has no {@code none}). Means and spreads are in bits.
 */
public record ConditionSummary(Condition condition, Metric metric, long n, double meanBits, double stdBits,
                               double deltaBits, double relativeDelta) {
    public static final double LN2 = Math.log(2.0);
}
