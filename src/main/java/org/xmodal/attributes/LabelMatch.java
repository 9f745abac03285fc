package org.xmodal.attributes;

import java.util.ArrayList;
import java.util.List;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.RegionAlignment;
import org.xmodal.data.Dataset;
import org.xmodal.data.Entry;
import org.xmodal.data.ImageFeatures;

/**
 * The paper's {@code labelmatch-agree} subset: an example with a gold class label agrees when that label is the
 * detector's top foreground class at the example's lang4vis target region (the region MRC scores, the class MRC-XE
 * is taken against). An example without a target region has no value.
 */
public final class LabelMatch {
    private LabelMatch() {
    }

    /** {@code yes} / {@code no} per labelled example with a target region, in example order. */
    public static List<AttributeTable.Value> agreement(Dataset dataset, int[] labels) {
        List<AttributeTable.Value> values = new ArrayList<>();
        ImageFeatures image = null;
        for (Entry entry : dataset.entries()) {
            if (labels[entry.index()] < 0) {
                continue;
            }
            if (image == null || image.imageId() != entry.imageId()) {
                image = dataset.features().read(entry.imageId());
            }
            int detector = detectorClass(image, entry);
            if (detector >= 0) {
                values.add(new AttributeTable.Value(entry.index(), detector == labels[entry.index()] ? "yes" : "no"));
            }
        }
        return values;
    }

    /** The detector's top foreground class (an index of the full class list, background 0) at the target region; -1 without one. */
    static int detectorClass(ImageFeatures image, Entry entry) {
        RegionAlignment alignment = RegionAlignment.of(image.regionBoxes(), entry.refBoxes());
        int target = alignment.target(alignment.alignedAbove(Condition.HEADLINE_THRESHOLD));
        if (target < 0) {
            return -1;
        }
        float[] p = image.classProb(target);
        int best = 1;
        for (int c = 2; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
