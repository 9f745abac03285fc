package org.xmodal.published;

/**
 * One published mean in bits: the published model name and what its name says, the direction, the condition in
 * xmodal's names, the metric, and why the value is not comparable with xmodal's metric of that name (or null).
 */
public record PublishedRow(String model, String architecture, Long seed, String variant, String direction,
                           String condition, String metric, double meanBits, String caveat) {
    /** The published MRC-XE scored the class one below the detector's choice (docs/method.md, "Metrics"). */
    public static final String OFF_BY_ONE = "published MRC-XE: label off by one (argmax over the foreground classes used "
            + "as an index into the full class space); not comparable with xmodal's MRC-XE";

    /** A model with a 1600-way visual head has no MRC-KL; its published MRC-XE is a weighted 1600-way cross-entropy. */
    public static final String HEAD_1600 = "published MRC-XE of a 1600-way visual head (weighted by the detector's "
            + "confidence); not comparable with xmodal's MRC-XE";

    public boolean comparable() {
        return caveat == null;
    }
}
