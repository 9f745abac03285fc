package org.xmodal.ablation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionTest {

    @ParameterizedTest
    @CsvSource({"vis4lang, none, none, 2.0", "vis4lang, all, all, -1.0", "vis4lang, object@0.5, object@0.5, 0.5",
        "vis4lang, OBJECT@0.50, object@0.5, 0.5", "vis4lang, object@0, object@0.0, 0.0", "vis4lang, object@1, object@1.0, 1.0"})
    void parsesVis4langConditionsIntoThresholds(String direction, String text, String name, double threshold) {
        Condition c = Condition.parse(Direction.parse(direction), text);
        assertThat(c.name()).isEqualTo(name);
        assertThat(c.threshold()).isEqualTo(threshold);
    }

    @ParameterizedTest
    @ValueSource(strings = {"object@1.5", "object@-0.1", "object@x", "object@NaN", "phrase", "objects", ""})
    void rejectsMalformedVis4langConditions(String text) {
        assertThatThrownBy(() -> Condition.parse(Direction.VIS4LANG, text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsObjectInLang4vis() {
        assertThatThrownBy(() -> Condition.parse(Direction.LANG4VIS, "object@0.5"))
                .hasMessageContaining("none, phrase or all");
    }

    @Test
    void fullSweepsFollowThePapersTableOrder() {
        assertThat(Condition.fullSweep(Direction.VIS4LANG)).extracting(Condition::name).containsExactly("none",
                "object@0.9", "object@0.8", "object@0.7", "object@0.6", "object@0.5", "object@0.4", "object@0.3",
                "object@0.2", "object@0.1", "object@0.0", "all");
        assertThat(Condition.fullSweep(Direction.LANG4VIS)).extracting(Condition::name)
                .containsExactly("none", "phrase", "all");
    }

    @Test
    void directionsParseTheirWireNames() {
        assertThat(Direction.parse("Vis4Lang")).isEqualTo(Direction.VIS4LANG);
        assertThatThrownBy(() -> Direction.parse("both")).hasMessageContaining("vis4lang, lang4vis");
    }
}
