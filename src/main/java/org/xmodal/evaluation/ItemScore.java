package org.xmodal.evaluation;

/**
 * What one forward pass gave for one example, in nats. vis4lang: {@code loss} is the mean MLM cross-entropy over
 * the masked phrase subwords and {@code predicted} the arg-max token at each of them. lang4vis: {@code loss} is
 * MRC-KL, {@code secondary} MRC-XE, {@code predicted} the arg-max class at the target region, {@code label} MRC-XE
 * against the example's gold class label (NaN without one).
 */
public record ItemScore(float loss, float secondary, long[] predicted, float label) {

    public ItemScore(float loss, float secondary, long[] predicted) {
        this(loss, secondary, predicted, Float.NaN);
    }
}
