package org.xmodal.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.xmodal.ablation.RegionAlignment;
import org.xmodal.ablation.TextMasking;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Turns entries into {@link Example}s: tokenises the caption and the phrase, finds the phrase's subwords with
 * the method's word-to-subword map, and aligns the image's regions with the chain's gold boxes. Consecutive
 * entries of one caption reuse its tokenisation. A phrase beyond the truncation limit still gives an example, one
 * without an MLM target ({@link Example#hasMlmTarget()}).
 */
public final class ExampleBuilder {
    private final SubwordTokenizer tokenizer;
    private final int maxSeqLength;
    private String lastCaption;
    private Subwords lastSubwords;
    private int[] lastFirstSubword;

    public ExampleBuilder(SubwordTokenizer tokenizer, int maxSeqLength) {
        this.tokenizer = tokenizer;
        this.maxSeqLength = maxSeqLength;
    }

    public Example build(Entry entry, ImageFeatures image) {
        Subwords caption = captionSubwords(entry.sentence());
        int fwi = entry.phrase().firstWordIndex();
        int start = fwi < lastFirstSubword.length ? lastFirstSubword[fwi] : TextMasking.UNMAPPED;
        if (start == TextMasking.UNMAPPED) {
            throw problem(entry, "its first word (word " + fwi + ") has no subword: the word-to-subword map broke"
                    + " before it (a word with '#', an accent or an unknown character)");
        }
        List<String> phrasePieces = tokenizer.tokenize(entry.phrase().text()).tokens();
        int end = TextMasking.phraseEnd(caption.tokens(), phrasePieces, start);
        RegionAlignment alignment = RegionAlignment.of(image.regionBoxes(), entry.refBoxes());
        return new Example(entry, image, caption.ids(), start, end, alignment, tokenizer.specialTokens(), maxSeqLength);
    }

    private Subwords captionSubwords(String sentence) {
        if (!sentence.equals(lastCaption)) {
            lastCaption = sentence;
            lastSubwords = tokenizer.tokenize(sentence);
            List<String> words = Arrays.asList(sentence.toLowerCase(Locale.ROOT).strip().split("(?U)\\s+"));
            lastFirstSubword = TextMasking.firstSubwordOfWord(words, lastSubwords.tokens());
        }
        return lastSubwords;
    }

    private static XmodalException problem(Entry entry, String why) {
        return new XmodalException(ErrorCode.MALFORMED_DATA, "example " + entry.index() + " (image " + entry.imageId()
                + ", caption " + (entry.sentenceIndex() + 1) + ", phrase '" + entry.phrase().text() + "'): " + why);
    }
}
