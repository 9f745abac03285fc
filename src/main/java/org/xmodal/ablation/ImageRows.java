package org.xmodal.ablation;

import java.util.BitSet;

/**
 * Builds the visual rows a model sees from one image's detector regions, under an ablation (spec §2.2, §3.1):
 * ablated regions get a replacement vector, and the global row is placed where the model wants it. Feature
 * arrays are flat, row-major {@code [rows, featureSize]}.
 */
public final class ImageRows {
    private ImageRows() {
    }

    /** The global feature of the original regions: float32 column sum divided by the region count. */
    public static float[] originalGlobal(float[] regions, int featureSize) {
        int count = regions.length / featureSize;
        float[] sum = new float[featureSize];
        for (int r = 0; r < count; r++) {
            for (int d = 0; d < featureSize; d++) {
                sum[d] += regions[r * featureSize + d];
            }
        }
        for (int d = 0; d < featureSize; d++) {
            sum[d] /= count;
        }
        return sum;
    }

    /**
     * vis4lang: ablated regions take the dataset-mean feature, and the global row is recomputed (in float64)
     * as the mean of the regions after ablation.
     */
    public static float[] vis4lang(float[] regions, int featureSize, BitSet ablated, float[] datasetMean,
                                   GlobalRow global) {
        float[] replaced = replace(regions, featureSize, ablated, datasetMean);
        return assemble(replaced, featureSize, global, global == GlobalRow.NONE ? null : meanInDouble(replaced, featureSize));
    }

    /**
     * lang4vis: ablated regions are zeroed (masked as in pretraining MRC); the global row keeps the mean of the
     * original regions, so it still carries the ablated regions' information, as the published runs did.
     */
    public static float[] lang4vis(float[] regions, int featureSize, BitSet ablated, float[] originalGlobal,
                                   GlobalRow global) {
        float[] replaced = replace(regions, featureSize, ablated, new float[featureSize]);
        return assemble(replaced, featureSize, global, originalGlobal);
    }

    /** Spatial rows {@code [x1/w, y1/h, x2/w, y2/h, area/(w*h)]} cut to {@code locations} columns. */
    public static float[] locations(float[] boxes, int width, int height, int locations, GlobalRow global) {
        int count = boxes.length / 4;
        float[] detector = new float[count * locations];
        float w = width;
        float h = height;
        float imageArea = (float) width * height;
        for (int r = 0; r < count; r++) {
            float x1 = boxes[r * 4];
            float y1 = boxes[r * 4 + 1];
            float x2 = boxes[r * 4 + 2];
            float y2 = boxes[r * 4 + 3];
            float[] all = {x1 / w, y1 / h, x2 / w, y2 / h, (x2 - x1) * (y2 - y1) / imageArea};
            System.arraycopy(all, 0, detector, r * locations, locations);
        }
        float[] whole = {0f, 0f, 1f, 1f, 1f};
        return assemble(detector, locations, global, global == GlobalRow.NONE ? null : java.util.Arrays.copyOf(whole, locations));
    }

    private static float[] replace(float[] regions, int featureSize, BitSet ablated, float[] replacement) {
        float[] out = regions.clone();
        for (int r = ablated.nextSetBit(0); r >= 0; r = ablated.nextSetBit(r + 1)) {
            System.arraycopy(replacement, 0, out, r * featureSize, featureSize);
        }
        return out;
    }

    private static float[] meanInDouble(float[] regions, int featureSize) {
        int count = regions.length / featureSize;
        double[] sum = new double[featureSize];
        for (int r = 0; r < count; r++) {
            for (int d = 0; d < featureSize; d++) {
                sum[d] += regions[r * featureSize + d];
            }
        }
        float[] mean = new float[featureSize];
        for (int d = 0; d < featureSize; d++) {
            mean[d] = (float) (sum[d] / count);
        }
        return mean;
    }

    private static float[] assemble(float[] detector, int width, GlobalRow global, float[] globalRow) {
        if (global == GlobalRow.NONE) {
            return detector;
        }
        int regions = detector.length / width;
        float[] rows = new float[(regions + 1) * width];
        int offset = global == GlobalRow.FIRST ? width : 0;
        System.arraycopy(detector, 0, rows, offset, detector.length);
        System.arraycopy(globalRow, 0, rows, global.globalIndex(regions) * width, width);
        return rows;
    }
}
