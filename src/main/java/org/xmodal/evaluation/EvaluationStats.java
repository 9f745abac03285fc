package org.xmodal.evaluation;

/** What an evaluation did: examples scored, forward passes and model calls made, and whether it was stopped. */
public record EvaluationStats(int examples, int conditions, long forwardPasses, long modelCalls, boolean cancelled,
                              long elapsedNanos) {

    /** Forward passes a one-condition-at-a-time procedure would make for the same work. */
    public long naiveForwardPasses() {
        return (long) examples * conditions;
    }
}
