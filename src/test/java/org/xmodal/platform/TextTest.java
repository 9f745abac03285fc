package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which characters single- and multi-line text refuses, and that quoted text never carries one back. */
class TextTest {

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xD800, 0xDFFF})
    void singleLineTextRefusesControlsAndLoneSurrogates(int c) {
        assertThat(Text.problem("abc" + (char) c + "d", false)).isNotNull().contains("position 3")
                .contains(String.format("U+%04X", c));
    }

    @ParameterizedTest
    @CsvSource({"9,true", "10,true", "13,true", "0,false", "7,false", "27,false", "127,false", "133,false"})
    void multiLineTextAllowsOnlyTabAndLineBreaks(int c, boolean allowed) {
        assertThat(Text.problem("a" + (char) c + "b", true) == null).isEqualTo(allowed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "ünïcödé", "emoji \uD83D\uDE00 pair", "tab-free", "", " ~ "})
    void ordinaryTextPasses(String text) {
        assertThat(Text.problem(text, false)).isNull();
        assertThat(Text.quoted(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x0A, 0x1B, 0x7F, 0x85, 0xD800})
    void quotedTextCarriesNoControlCharacter(int c) {
        String quoted = Text.quoted("x" + (char) c + "y");
        assertThat(quoted).isEqualTo(String.format("x\\u%04Xy", c));
        assertThat(Text.problem(quoted, false)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x1B})
    void problemDetailsEscapeWhatTheyQuote(int c) {
        Problem p = Problem.of(ErrorCode.INVALID_ARGUMENT, "bad " + (char) c, "/api/x" + (char) c,
                java.util.List.of(new FieldError("k" + (char) c, "v" + (char) c)));
        assertThat(p.detail() + p.instance() + p.errors().get(0).field() + p.errors().get(0).message())
                .doesNotContain(String.valueOf((char) c));
    }
}
