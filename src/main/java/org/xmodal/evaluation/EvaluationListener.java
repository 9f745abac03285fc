package org.xmodal.evaluation;

import java.util.List;

/**
 * Receives the results of an evaluation chunk by chunk, in example order, and can stop it between chunks.
 * A chunk is at most one batch of examples with all their conditions.
 */
public interface EvaluationListener {

    /** {@code examplesDone} counts the entries of the range passed so far, skipped ones included. */
    void onChunk(List<ExampleResult> results, int examplesDone, int examplesTotal);

    /** The entries of the next chunk that have no target and are left out; called before its {@link #onChunk}. */
    default void onSkipped(List<SkippedEntry> skipped) {
    }

    /** Checked before each chunk; returning true stops the evaluation after the chunk in progress. */
    default boolean cancelled() {
        return false;
    }
}
