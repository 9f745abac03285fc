package org.xmodal.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OWASP's rule for CSV injection: a text cell a spreadsheet would read as a formula gets a leading quote. */
class SpreadsheetTextTest {

    static Stream<Arguments> cells() {
        return Stream.of(
                Arguments.of("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
                Arguments.of("=1+1", "'=1+1"),
                Arguments.of("+1+1", "'+1+1"),
                Arguments.of("-2+3", "'-2+3"),
                Arguments.of("@SUM(1)", "'@SUM(1)"),
                Arguments.of("\t=1", "'\t=1"),
                Arguments.of("\r=1", "'\r=1"),
                Arguments.of("=", "'="),
                Arguments.of("-", "'-"),
                Arguments.of("''=1", "''=1"),
                Arguments.of("'=1", "'=1"),
                Arguments.of("demo-single", "demo-single"),
                Arguments.of("object@0.5", "object@0.5"),
                Arguments.of("a=1", "a=1"),
                Arguments.of(" =1", " =1"),
                Arguments.of("\n=1", "\n=1"),
                Arguments.of("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
                Arguments.of("ümlaut", "ümlaut"),
                Arguments.of("", ""),
                Arguments.of(null, null));
    }

    @ParameterizedTest
    @MethodSource("cells")
    void aCellThatASpreadsheetWouldRunGetsALeadingQuote(String cell, String written) {
        assertThat(SpreadsheetText.of(cell)).isEqualTo(written);
    }

    @ParameterizedTest
    @MethodSource("cells")
    void neutralisingTwiceChangesNothingMore(String cell, String written) {
        assertThat(SpreadsheetText.of(SpreadsheetText.of(cell))).isEqualTo(written);
    }
}
