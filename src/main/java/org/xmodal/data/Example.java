package org.xmodal.data;

import org.xmodal.ablation.EncodedText;
import org.xmodal.ablation.RegionAlignment;
import org.xmodal.ablation.SpecialTokens;
import org.xmodal.ablation.TextMasking;

/**
 * An entry made ready for every condition at once: its image record, the caption's subword ids, the phrase's
 * subword span {@code [phraseFrom, phraseTo)} and the region alignment. Read, tokenised and aligned once.
 */
public record Example(Entry entry, ImageFeatures image, long[] captionIds, int phraseFrom, int phraseTo,
                      RegionAlignment alignment, SpecialTokens special, int maxSeqLength) {

    /** Whether the phrase starts within the subwords that truncation keeps, so vis4lang has something to score. */
    public boolean hasMlmTarget() {
        return phraseFrom < maxSeqLength - 2;
    }

    /** The caption with every phrase subword masked and labelled (vis4lang; lang4vis {@code phrase}). */
    public EncodedText phraseMasked() {
        return TextMasking.encode(captionIds, phraseFrom, phraseTo, true, special, maxSeqLength);
    }

    /** The caption as it is (lang4vis {@code none}). */
    public EncodedText unmasked() {
        return TextMasking.encode(captionIds, 0, 0, false, special, maxSeqLength);
    }

    /** Every caption subword masked, length kept (lang4vis {@code all}). */
    public EncodedText allMasked() {
        return TextMasking.encode(captionIds, 0, captionIds.length, false, special, maxSeqLength);
    }
}
