package org.xmodal.evaluation;

/**
 * How an evaluation runs. {@code batchSize}: forward passes per model call (results do not depend on it beyond
 * float noise). {@code reuseForwards}: run one forward per distinct input of an example and share its output
 * between conditions whose inputs are equal (exact, inference is deterministic); off only to measure or test.
 */
public record EvaluationOptions(int batchSize, boolean reuseForwards) {
    public static final int MAX_BATCH_SIZE = 4096;

    public EvaluationOptions {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must lie in [1, " + MAX_BATCH_SIZE + "], got " + batchSize);
        }
    }

    public static EvaluationOptions defaults() {
        return new EvaluationOptions(32, true);
    }
}
