package org.xmodal.ablation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionPlanTest {
    private static final List<Direction> BOTH = List.of(Direction.VIS4LANG, Direction.LANG4VIS);

    @Test
    void noNamesMeansTheFullSweep() {
        Map<Direction, List<Condition>> plan = ConditionPlan.of(BOTH, null);
        assertThat(plan.get(Direction.VIS4LANG)).hasSize(12);
        assertThat(plan.get(Direction.LANG4VIS)).extracting(Condition::name).containsExactly("none", "phrase", "all");
    }

    @Test
    void eachNameGoesToItsDirections() {
        Map<Direction, List<Condition>> plan = ConditionPlan.of(BOTH, List.of("none", "object@0.5", "phrase", "all", "none"));
        assertThat(plan.get(Direction.VIS4LANG)).extracting(Condition::name).containsExactly("none", "object@0.5", "all");
        assertThat(plan.get(Direction.LANG4VIS)).extracting(Condition::name).containsExactly("none", "phrase", "all");
    }

    @Test
    void aDirectionWithNoConditionIsLeftOut() {
        assertThat(ConditionPlan.of(BOTH, List.of("phrase")).keySet()).containsExactly(Direction.LANG4VIS);
    }

    @Test
    void namesThatFitNoDirectionAreRefused() {
        assertThatThrownBy(() -> ConditionPlan.of(List.of(Direction.VIS4LANG), List.of("phrase")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'phrase' fits none");
        assertThatThrownBy(() -> ConditionPlan.of(BOTH, List.of("object@2"))).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> ConditionPlan.of(BOTH, List.of("nothing"))).hasMessageContaining("fits none");
    }
}
