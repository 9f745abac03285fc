package org.xmodal.result;

import org.xmodal.ablation.Direction;

/** The losses xmodal reports. All are computed in nats and reported in bits. */
public enum Metric {
    /** vis4lang: cross-entropy of the masked phrase subwords, averaged per example. */
    MLM("mlm"),
    /** lang4vis: KL(detector || model) over all classes at the target region. */
    MRC_KL("mrc-kl"),
    /** lang4vis: cross-entropy at the target region against the detector's top foreground class. */
    MRC_XE("mrc-xe"),
    /** lang4vis: cross-entropy at the target region against the example's gold class label (the paper's MRC-XE-VG). */
    MRC_XE_LABEL("mrc-xe-label");

    private final String wireName;

    Metric(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The headline metric of a direction. */
    public static Metric primary(Direction direction) {
        return direction == Direction.VIS4LANG ? MLM : MRC_KL;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
