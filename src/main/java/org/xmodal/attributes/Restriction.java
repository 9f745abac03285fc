package org.xmodal.attributes;

import java.util.ArrayList;
import java.util.List;
import org.xmodal.platform.XmodalException;

/**
 * Which examples a table covers and how it is split: {@code subset=name:value} (repeatable; an example must have
 * every one) and {@code by=name} (one cell per value of the attribute; an example of several values counts in each).
 */
public record Restriction(List<Subset> subsets, String by) {

    /** One {@code name:value} condition. */
    public record Subset(String name, String value) {
        @Override
        public String toString() {
            return name + ":" + value;
        }
    }

    public static final Restriction NONE = new Restriction(List.of(), null);

    /** Parses the query parameters; blank ones are ignored. */
    public static Restriction parse(List<String> subset, String by) {
        List<Subset> subsets = new ArrayList<>();
        for (String s : subset == null ? List.<String>of() : subset) {
            if (s == null || s.isBlank()) {
                continue;
            }
            int colon = s.indexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw XmodalException.invalidField("subset", "'" + s + "' is not name:value (for example phrase-type:people)");
            }
            subsets.add(new Subset(s.substring(0, colon).strip(), s.substring(colon + 1).strip()));
        }
        return new Restriction(List.copyOf(subsets), by == null || by.isBlank() ? null : by.strip());
    }

    public boolean isNone() {
        return subsets.isEmpty() && by == null;
    }

    /** Fails with a field error unless every attribute named is one of {@code names} (the dataset's). */
    public void requireKnown(List<String> names, String dataset) {
        for (Subset s : subsets) {
            if (!names.contains(s.name())) {
                throw XmodalException.invalidField("subset", unknown(s.name(), names, dataset));
            }
        }
        if (by != null && !names.contains(by)) {
            throw XmodalException.invalidField("by", unknown(by, names, dataset));
        }
    }

    private static String unknown(String name, List<String> names, String dataset) {
        return "dataset " + dataset + " has no attribute '" + name + "'" + (names.isEmpty() ? " (it has none; register it again for its "
                + "phrase types, or import attributes)" : "; it has " + String.join(", ", names));
    }

    /** The subsets as query text, for display. */
    public List<String> subsetNames() {
        return subsets.stream().map(Subset::toString).toList();
    }
}
