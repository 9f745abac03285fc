package org.xmodal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

class SentencesParserTest {

    @Test
    void parsesPhrasesWordsAndTheCaptionOfEntryZero() {
        Caption c = SentencesParser.parseLine("[/EN#197/people A man] in [/EN#198/clothing a blue hard hat] and "
                + "[/EN#199/clothing orange safety vest] stands in [/EN#200/scene an intersection] while holding "
                + "[/EN#201/other a flag] .", "test");
        assertThat(c.text()).isEqualTo("A man in a blue hard hat and orange safety vest stands in an intersection "
                + "while holding a flag .");
        assertThat(c.phrases()).extracting(Phrase::firstWordIndex).containsExactly(0, 3, 8, 13, 17);
        assertThat(c.phrases().get(0)).isEqualTo(new Phrase(0, "A man", "197", List.of("people")));
        assertThat(c.phrases().get(1).text()).isEqualTo("a blue hard hat");
    }

    @Test
    void keepsEveryTypeOfAMultiTypeTag() {
        Caption c = SentencesParser.parseLine("People wait for [/EN#6729/vehicles/scene the subway] .", "test");
        assertThat(c.phrases().get(0).types()).containsExactly("vehicles", "scene");
        assertThat(c.phrases().get(0).chainId()).isEqualTo("6729");
    }

    @Test
    void parsesChainZeroNotVisualPhrasesLikeAnyOther() {
        Caption c = SentencesParser.parseLine("[/EN#0/notvisual It] is [/EN#5/people a dog] .", "test");
        assertThat(c.phrases()).extracting(Phrase::chainId).containsExactly("0", "5");
        assertThat(c.words()).containsExactly("It", "is", "a", "dog", ".");
    }

    @Test
    void aOneWordPhraseClosesOnItsOwnToken() {
        Caption c = SentencesParser.parseLine("[/EN#3/people Children] play", "test");
        assertThat(c.phrases().get(0)).isEqualTo(new Phrase(0, "Children", "3", List.of("people")));
    }

    @Test
    void skipsEmptyLinesAndNamesFileAndLineOnMalformedMarkup(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("42.txt");
        Files.writeString(file, "[/EN#1/people A man] runs .\n\n[/EN#2/people A woman runs .\n");
        assertThatThrownBy(() -> SentencesParser.parse(file))
                .isInstanceOf(XmodalException.class)
                .hasMessageContaining("42.txt line 3")
                .hasMessageContaining("never closed");
        Files.writeString(file, "[/EN#1/people A man] runs .\n\n[/EN#2/people A woman] runs .\n");
        assertThat(SentencesParser.parse(file)).hasSize(2);
    }

    @Test
    void rejectsATagWithoutAChainId() {
        assertThatThrownBy(() -> SentencesParser.parseLine("[/EN#/people A man] runs", "f.txt line 1"))
                .hasMessageContaining("f.txt line 1").hasMessageContaining("chain id");
        assertThatThrownBy(() -> SentencesParser.parseLine("[people A man] runs", "f.txt line 2"))
                .hasMessageContaining("not a phrase tag");
    }

    @Test
    void aMissingFileIsAMissingDataError(@TempDir Path dir) {
        assertThatThrownBy(() -> SentencesParser.parse(dir.resolve("7.txt")))
                .isInstanceOfSatisfying(XmodalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_DATA))
                .hasMessageContaining("7.txt");
    }
}
