package org.xmodal.data;

import java.util.List;

/** One caption line of a Sentences file: its words (tags removed) and its phrases in order of appearance. */
public record Caption(List<String> words, List<Phrase> phrases) {

    /** The caption string the method tokenises: the words joined by single spaces. */
    public String text() {
        return String.join(" ", words);
    }
}
