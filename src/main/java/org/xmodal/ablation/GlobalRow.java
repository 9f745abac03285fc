package org.xmodal.ablation;

import java.util.Locale;

/** Where a model expects the global {@code [IMG]} row among its visual rows, if it has one at all. */
public enum GlobalRow {
    FIRST, LAST, NONE;

    public static GlobalRow parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("globalImage must be first, last or none, got '" + text + "'");
        }
    }

    /** Number of visual rows the model sees for {@code regions} detector regions. */
    public int rows(int regions) {
        return this == NONE ? regions : regions + 1;
    }

    /** Row index of detector region {@code r} among the model's visual rows. */
    public int rowOf(int region) {
        return this == FIRST ? region + 1 : region;
    }

    /** Row index of the global row; only meaningful when there is one. */
    public int globalIndex(int regions) {
        return this == FIRST ? 0 : regions;
    }
}
