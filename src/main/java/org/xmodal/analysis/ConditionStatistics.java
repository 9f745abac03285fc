package org.xmodal.analysis;

/**
 * The uncertainty of one condition of a run under one metric, in the unit of the values it was computed from
 * (nats when read from the database). {@code n}: the examples that have a value under every condition (the paired
 * sample). The Δ fields and {@code p} are null for the baseline itself and when the run has no baseline; the
 * relative interval is null as well when the baseline's mean is 0.
 */
public record ConditionStatistics(int condition, long n, double mean, Interval meanInterval, Double delta,
                                  Interval deltaInterval, Interval relativeDeltaInterval, Double p, Double pHolm) {
}
