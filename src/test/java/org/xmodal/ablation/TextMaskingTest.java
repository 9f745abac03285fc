package org.xmodal.ablation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextMaskingTest {
    private static final SpecialTokens BERT = new SpecialTokens(0, 101, 102, 103);
    private static final int U = TextMasking.UNMAPPED;

    private static List<String> split(String s) {
        return List.of(s.split(" "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', commentCharacter = '%', value = {
        // case | words | subwords | first subword of each word
        "whole words      | a man runs             | a man runs                      | 0 1 2",
        "## continuations | a skateboarder jumps   | a skate ##board ##er jumps      | 0 1 4",
        "punctuation      | a t-shirt .            | a t - shirt .                   | 0 1 4",
        "hash word: slot re-assigned while nothing accumulates, then the rest breaks | jersey #7 is red | jersey # 7 is red | 0 2 -1 -1",
        "[UNK] breaks the rest    | a zzq dog        | a [UNK] dog                   | 0 1 -1",
        "a hash piece strips to nothing and never matches | c## dog | c ### dog | 0 -1"})
    void firstSubwordOfEachWord(String name, String words, String subwords, String expected) {
        int[] first = TextMasking.firstSubwordOfWord(split(words), split(subwords));
        int[] want = java.util.Arrays.stream(expected.split(" ")).mapToInt(Integer::parseInt).toArray();
        assertThat(first).containsExactly(want);
    }

    @Test
    void stripsEveryLeadingHashNotJustTwo() {
        assertThat(TextMasking.stripLeadingHashes("###")).isEmpty();
        assertThat(TextMasking.stripLeadingHashes("##board")).isEqualTo("board");
        assertThat(TextMasking.stripLeadingHashes("#7")).isEqualTo("7");
    }

    @Test
    void phraseMaskingStopsWhenThePiecesEqualThePhraseAlone() {
        List<String> caption = split("a skate ##board ##er jumps over a skate ##board ##er");
        assertThat(TextMasking.phraseEnd(caption, split("a skate ##board ##er"), 0)).isEqualTo(4);
        assertThat(TextMasking.phraseEnd(caption, split("a skate ##board ##er"), 6)).isEqualTo(10);
        // never equal: masking runs to the end of the caption, as the original loop did
        assertThat(TextMasking.phraseEnd(caption, split("a skater"), 0)).isEqualTo(10);
    }

    @Test
    void encodesEntryZeroLikeTheSpec() {
        // spec §1.4 worked example: 20 subwords, phrase "a man" at subwords 0..1
        long[] ids = LongStream.rangeClosed(1000, 1019).toArray();
        EncodedText t = TextMasking.encode(ids, 0, 2, true, BERT, 38);
        assertThat(t.inputIds()[0]).isEqualTo(101);
        assertThat(t.inputIds()[1]).isEqualTo(103);
        assertThat(t.inputIds()[2]).isEqualTo(103);
        assertThat(t.inputIds()[3]).isEqualTo(1002);
        assertThat(t.inputIds()[21]).isEqualTo(102);
        assertThat(LongStream.of(t.inputIds()).skip(22)).containsOnly(0L).hasSize(16);
        assertThat(LongStream.of(t.attentionMask()).sum()).isEqualTo(22);
        assertThat(t.targetPositions()).containsExactly(1, 2);
        assertThat(t.labels()[1]).isEqualTo(1000);
        assertThat(t.labels()[2]).isEqualTo(1001);
        assertThat(t.labels()[0]).isEqualTo(-1);
        assertThat(t.labels()[21]).isEqualTo(-1);
    }

    @Test
    void truncatesToMaxMinusTwoSubwordsBeforeAddingSpecialTokens() {
        long[] ids = LongStream.range(1000, 1050).toArray();  // 50 subwords
        EncodedText t = TextMasking.encode(ids, 34, 40, true, BERT, 38);
        assertThat(t.inputIds()).hasSize(38);
        assertThat(t.inputIds()[36]).isEqualTo(103);         // subword 35, the last kept, is masked
        assertThat(t.labels()[36]).isEqualTo(1035);
        assertThat(t.inputIds()[37]).isEqualTo(102);         // [SEP] right after it
        assertThat(t.targetPositions()).containsExactly(35, 36); // phrase cut at the limit
        assertThat(LongStream.of(t.attentionMask()).sum()).isEqualTo(38);
    }

    @Test
    void aPhraseEntirelyBeyondTheLimitHasNoTarget() {
        long[] ids = LongStream.range(1000, 1050).toArray();
        assertThat(TextMasking.encode(ids, 40, 42, true, BERT, 38).hasTarget()).isFalse();
    }

    @Test
    void lang4visAllMasksEverySubwordButKeepsLengthAndPadding() {
        long[] ids = {7, 8, 9};
        EncodedText t = TextMasking.encode(ids, 0, ids.length, false, BERT, 8);
        assertThat(t.inputIds()).containsExactly(101, 103, 103, 103, 102, 0, 0, 0);
        assertThat(t.attentionMask()).containsExactly(1, 1, 1, 1, 1, 0, 0, 0);
        assertThat(t.hasTarget()).isFalse();
    }

    @Test
    void rejectsASequenceTooShortForSpecialTokens() {
        assertThatThrownBy(() -> TextMasking.encode(new long[] {1}, 0, 0, false, BERT, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
