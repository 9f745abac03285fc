package org.xmodal.data;

import java.util.ArrayList;
import java.util.List;
import org.xmodal.ablation.Box;

/**
 * One image's record in the feature store. Arrays are flat row-major: boxes {@code [R,4]}, features
 * {@code [R,D]}, class probabilities {@code [R,C]}.
 */
public record ImageFeatures(long imageId, int height, int width, float[] boxes, float[] features,
                            float[] classProbs) {

    public int regionCount() {
        return boxes.length / 4;
    }

    public List<Box> regionBoxes() {
        List<Box> list = new ArrayList<>(regionCount());
        for (int r = 0; r < regionCount(); r++) {
            list.add(new Box(boxes[4 * r], boxes[4 * r + 1], boxes[4 * r + 2], boxes[4 * r + 3]));
        }
        return list;
    }

    /** The detector's class distribution of one region. */
    public float[] classProb(int region) {
        int classes = classProbs.length / regionCount();
        float[] row = new float[classes];
        System.arraycopy(classProbs, region * classes, row, 0, classes);
        return row;
    }
}
