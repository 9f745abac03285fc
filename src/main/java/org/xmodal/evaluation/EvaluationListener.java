package org.xmodal.evaluation;

import java.util.List;

/**
 * Receives the results of an evaluation chunk by chunk, in example order, and can stop it between chunks.
 * A chunk is at most one batch of examples with all their conditions.
 */
public interface EvaluationListener {

    void onChunk(List<ExampleResult> results, int examplesDone, int examplesTotal);

    /** Checked before each chunk; returning true stops the evaluation after the chunk in progress. */
    default boolean cancelled() {
        return false;
    }
}
