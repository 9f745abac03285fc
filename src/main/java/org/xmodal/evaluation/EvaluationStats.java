package org.xmodal.evaluation;

/**
 * What an evaluation did: examples scored, entries skipped for lack of a target, forward passes and model calls
 * made, the batching it ran under, and whether it was stopped.
 */
public record EvaluationStats(int examples, int skipped, int conditions, long forwardPasses, long modelCalls,
                              Batching batching, boolean cancelled, long elapsedNanos) {

    /** Forward passes a one-condition-at-a-time procedure would make for the same work. */
    public long naiveForwardPasses() {
        return (long) examples * conditions;
    }
}
