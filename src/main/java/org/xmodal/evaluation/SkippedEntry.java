package org.xmodal.evaluation;

import org.xmodal.data.Entry;

/** An entry left out of a direction because it has nothing to score there, and why. */
public record SkippedEntry(int example, long imageId, String phrase, String reason) {

    static SkippedEntry of(Entry entry, String reason) {
        return new SkippedEntry(entry.index(), entry.imageId(), entry.phrase().text(), reason);
    }

    /** One line: the entry, its image and phrase, and the reason. */
    public String describe() {
        return "example " + example + " (image " + imageId + ", phrase '" + phrase + "'): " + reason;
    }
}
