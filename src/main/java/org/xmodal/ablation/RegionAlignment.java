package org.xmodal.ablation;

import java.util.BitSet;
import java.util.List;

/**
 * How each detector region of an image overlaps the gold boxes of one phrase's chain: the best IoT and the best
 * IoU over the chain's boxes. "Aligned at t" means some gold box has IoT strictly above t, which is the same as
 * the best IoT being strictly above t.
 */
public final class RegionAlignment {
    private final float[] maxIot;
    private final float[] maxIou;

    private RegionAlignment(float[] maxIot, float[] maxIou) {
        this.maxIot = maxIot;
        this.maxIou = maxIou;
    }

    /** Aligns detector regions (the global row excluded) with all gold boxes of the chain. */
    public static RegionAlignment of(List<Box> regions, List<Box> goldBoxes) {
        if (goldBoxes.isEmpty()) {
            throw new IllegalArgumentException("a grounded phrase needs at least one gold box");
        }
        float[] iot = new float[regions.size()];
        float[] iou = new float[regions.size()];
        for (int r = 0; r < regions.size(); r++) {
            iot[r] = Float.NEGATIVE_INFINITY;
            iou[r] = Float.NEGATIVE_INFINITY;
            for (Box gold : goldBoxes) {
                iot[r] = Math.max(iot[r], Overlap.iot(regions.get(r), gold));
                iou[r] = Math.max(iou[r], Overlap.iou(regions.get(r), gold));
            }
        }
        return new RegionAlignment(iot, iou);
    }

    public int regionCount() {
        return maxIot.length;
    }

    /** Regions whose IoT with some gold box is strictly above the threshold, compared in float32. */
    public BitSet alignedAbove(double threshold) {
        float t = (float) threshold;
        BitSet aligned = new BitSet(maxIot.length);
        for (int r = 0; r < maxIot.length; r++) {
            if (maxIot[r] > t) {
                aligned.set(r);
            }
        }
        return aligned;
    }

    /**
     * The lang4vis target among the ablated regions: the highest best-IoU, first index on ties; -1 when no
     * region is ablated (the original would then score the global row, which has no target).
     */
    public int target(BitSet ablated) {
        int best = -1;
        for (int r = ablated.nextSetBit(0); r >= 0; r = ablated.nextSetBit(r + 1)) {
            if (best < 0 || maxIou[r] > maxIou[best]) {
                best = r;
            }
        }
        return best;
    }

    public float maxIot(int region) {
        return maxIot[region];
    }

    public float maxIou(int region) {
        return maxIou[region];
    }
}
