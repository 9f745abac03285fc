package org.xmodal.evaluation;

/**
 * How an evaluation runs. {@code batchSize}: forward passes per model call under {@code fast} batching (results do
 * not depend on it beyond float noise for batch-independent models). {@code reuseForwards}: run one forward per
 * distinct input and share its output between conditions whose inputs are equal (exact, inference is
 * deterministic); off only to measure or test. {@code batching}: see {@link Batching}. {@code untargeted}: see
 * {@link Untargeted}.
 */
public record EvaluationOptions(int batchSize, boolean reuseForwards, Batching batching, Untargeted untargeted) {
    public static final int MAX_BATCH_SIZE = 4096;

    public EvaluationOptions {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must lie in [1, " + MAX_BATCH_SIZE + "], got " + batchSize);
        }
        batching = batching == null ? Batching.AUTO : batching;
        untargeted = untargeted == null ? Untargeted.ERROR : untargeted;
    }

    public EvaluationOptions(int batchSize, boolean reuseForwards) {
        this(batchSize, reuseForwards, Batching.AUTO, Untargeted.ERROR);
    }

    public static EvaluationOptions defaults() {
        return new EvaluationOptions(32, true);
    }

    public EvaluationOptions with(Batching newBatching, Untargeted newUntargeted) {
        return new EvaluationOptions(batchSize, reuseForwards, newBatching, newUntargeted);
    }
}
