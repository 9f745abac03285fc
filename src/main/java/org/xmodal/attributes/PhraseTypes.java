package org.xmodal.attributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xmodal.data.Entry;

/**
 * The Flickr30k Entities phrase types of each example, from the tags of its caption ({@code [/EN#12/people/clothing …]}):
 * people, clothing, bodyparts, animals, vehicles, instruments, scene, other. A phrase of several types has each.
 */
public final class PhraseTypes {
    private PhraseTypes() {
    }

    /** One value per (example, type), in example order. */
    public static List<AttributeTable.Value> of(List<Entry> entries) {
        List<AttributeTable.Value> values = new ArrayList<>();
        for (Entry entry : entries) {
            entry.phrase().types().stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).distinct()
                    .forEach(t -> values.add(new AttributeTable.Value(entry.index(), t)));
        }
        return values;
    }
}
