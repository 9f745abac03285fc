package org.xmodal.ablation;

import java.util.Arrays;
import java.util.List;

/**
 * Text side of the method (spec §1.4): which subwords belong to a phrase, how they are masked, and how a caption
 * is truncated, wrapped and padded. The word-to-subword map is replicated exactly, quirks included, because it
 * decides which tokens are scored.
 */
public final class TextMasking {
    /** Marks a word whose first subword the reconstruction never found. */
    public static final int UNMAPPED = -1;

    private TextMasking() {
    }

    /**
     * For each whitespace word of the lower-cased caption, the index of its first subword. A word is matched by
     * concatenating subwords with every leading '#' stripped; the first-subword slot is re-assigned at each
     * subword while nothing is accumulated. Words after a reconstruction break (a '#' word, an accent, [UNK])
     * stay {@link #UNMAPPED}.
     */
    public static int[] firstSubwordOfWord(List<String> words, List<String> subwords) {
        int[] first = new int[words.size()];
        Arrays.fill(first, UNMAPPED);
        int w = 0;
        StringBuilder acc = new StringBuilder();
        for (int j = 0; j < subwords.size() && w < words.size(); j++) {
            if (acc.length() == 0) {
                first[w] = j;
            }
            acc.append(stripLeadingHashes(subwords.get(j)));
            if (acc.toString().equals(words.get(w))) {
                acc.setLength(0);
                w++;
            }
        }
        return first;
    }

    static String stripLeadingHashes(String piece) {
        int i = 0;
        while (i < piece.length() && piece.charAt(i) == '#') {
            i++;
        }
        return piece.substring(i);
    }

    /**
     * The exclusive end of the phrase's subwords: masking starts at {@code start} and stops as soon as the masked
     * pieces equal the phrase tokenised on its own; if they never do, it runs to the end of the caption.
     */
    public static int phraseEnd(List<String> subwords, List<String> phrasePieces, int start) {
        for (int j = start; j < subwords.size(); j++) {
            if (subwords.subList(start, j + 1).equals(phrasePieces)) {
                return j + 1;
            }
        }
        return subwords.size();
    }

    /**
     * Encodes a caption with subwords {@code [maskFrom, maskTo)} replaced by [MASK]. With {@code labelMasked},
     * each masked position keeps its original id as label. Truncates to {@code maxSeqLength - 2} subwords before
     * adding [CLS]/[SEP], then pads with [PAD].
     */
    public static EncodedText encode(long[] subwordIds, int maskFrom, int maskTo, boolean labelMasked,
                                     SpecialTokens special, int maxSeqLength) {
        if (maxSeqLength < 3) {
            throw new IllegalArgumentException("maxSeqLength must be at least 3, got " + maxSeqLength);
        }
        int kept = Math.min(subwordIds.length, maxSeqLength - 2);
        long[] ids = new long[maxSeqLength];
        long[] attention = new long[maxSeqLength];
        long[] labels = new long[maxSeqLength];
        Arrays.fill(ids, special.pad());
        Arrays.fill(labels, -1L);
        ids[0] = special.cls();
        for (int j = 0; j < kept; j++) {
            boolean masked = j >= maskFrom && j < maskTo;
            ids[j + 1] = masked ? special.mask() : subwordIds[j];
            if (masked && labelMasked) {
                labels[j + 1] = subwordIds[j];
            }
        }
        ids[kept + 1] = special.sep();
        Arrays.fill(attention, 0, kept + 2, 1L);
        return new EncodedText(ids, attention, labels);
    }
}
