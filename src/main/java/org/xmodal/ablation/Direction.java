package org.xmodal.ablation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which modality is ablated and which is scored. */
public enum Direction {
    /** Ablate vision, score the masked phrase tokens with MLM cross-entropy. */
    VIS4LANG("vis4lang"),
    /** Ablate text, score the masked target region with MRC-KL (and MRC-XE). */
    LANG4VIS("lang4vis");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Direction parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(d -> d.wireName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown direction '" + text + "'; expected one of "
                        + Arrays.stream(values()).map(Direction::wireName).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
