package org.xmodal.ablation;

import java.util.Arrays;

/**
 * A caption ready for the model: {@code [CLS] subwords [SEP]} right-padded to the sequence length, its attention
 * mask, and the MLM labels (the original id at each masked phrase position, -1 elsewhere).
 */
public record EncodedText(long[] inputIds, long[] attentionMask, long[] labels) {

    /** Positions that carry a label, in order. */
    public int[] targetPositions() {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] >= 0).toArray();
    }

    public boolean hasTarget() {
        return Arrays.stream(labels).anyMatch(l -> l >= 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedText t && Arrays.equals(inputIds, t.inputIds)
                && Arrays.equals(attentionMask, t.attentionMask) && Arrays.equals(labels, t.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(inputIds) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "EncodedText" + Arrays.toString(inputIds);
    }
}
