package org.xmodal.ablation;

/**
 * An axis-aligned pixel box {@code [x1, y1, x2, y2]}, 0-based, inclusive corners. Detector boxes are stored
 * floats; gold boxes are integers held exactly as floats.
 */
public record Box(float x1, float y1, float x2, float y2) {

    /** Area with the +1-pixel convention of the method, in float32 as the original computed it. */
    public float area() {
        return (x2 - x1 + 1f) * (y2 - y1 + 1f);
    }
}
