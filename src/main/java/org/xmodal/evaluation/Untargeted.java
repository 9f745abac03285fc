package org.xmodal.evaluation;

import java.util.Arrays;
import java.util.Locale;

/**
 * What to do with an entry that has nothing to score in a direction: a vis4lang phrase that starts beyond the
 * truncation limit (no MLM target), or a lang4vis phrase with no detector region at IoT &gt; 0.5 (no MRC target).
 * {@link #ERROR} stops before any forward pass and lists them all; {@link #SKIP} leaves them out of the results and
 * of n, and reports them.
 */
public enum Untargeted {
    ERROR, SKIP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Untargeted parse(String value) {
        if (value == null || value.isBlank()) {
            return ERROR;
        }
        return Arrays.stream(values()).filter(u -> u.wireName().equals(value.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("untargeted must be error or skip, not '" + value + "'"));
    }
}
