package org.xmodal.ablation;

/**
 * Box overlaps with the method's conventions (spec §1.3, §8.17): +1 pixel, float32 arithmetic in the
 * original operation order, so that ties at a threshold fall the same way as in the published runs.
 */
public final class Overlap {
    private Overlap() {
    }

    /** Intersection area of two boxes, +1-pixel convention, clamped at 0 per axis. */
    public static float intersection(Box a, Box g) {
        float w = Math.max(0f, Math.min(a.x2(), g.x2()) - Math.max(a.x1(), g.x1()) + 1f);
        float h = Math.max(0f, Math.min(a.y2(), g.y2()) - Math.max(a.y1(), g.y1()) + 1f);
        return w * h;
    }

    /** Intersection over the area of the gold (target) box: the quantity that decides alignment. */
    public static float iot(Box region, Box gold) {
        return intersection(region, gold) / gold.area();
    }

    /** Intersection over union: used only to choose the single lang4vis target region. */
    public static float iou(Box region, Box gold) {
        float inter = intersection(region, gold);
        return inter / (region.area() + gold.area() - inter);
    }
}
