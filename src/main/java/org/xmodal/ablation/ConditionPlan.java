package org.xmodal.ablation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a flat list of condition names into the conditions of each direction: {@code none} and {@code all} go
 * to both, {@code object@t} to vis4lang, {@code phrase} to lang4vis. No names means the paper's full sweep.
 */
public final class ConditionPlan {
    private ConditionPlan() {
    }

    /** Conditions per direction, in the given direction order; fails naming a condition that fits no direction. */
    public static Map<Direction, List<Condition>> of(List<Direction> directions, List<String> names) {
        Map<Direction, List<Condition>> plan = new EnumMap<>(Direction.class);
        for (Direction direction : directions) {
            plan.put(direction, names == null || names.isEmpty() ? Condition.fullSweep(direction) : conditionsFor(direction, names));
        }
        if (names != null) {
            for (String name : names) {
                if (directions.stream().noneMatch(d -> belongs(d, name))) {
                    throw new IllegalArgumentException("condition '" + name + "' fits none of the directions " + directions
                            + "; expected none, object@t (0 <= t <= 1) for vis4lang, phrase for lang4vis, or all");
                }
            }
        }
        plan.entrySet().removeIf(e -> e.getValue().isEmpty());
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("none of the conditions " + names + " applies to " + directions);
        }
        return plan;
    }

    private static List<Condition> conditionsFor(Direction direction, List<String> names) {
        List<Condition> chosen = new ArrayList<>();
        for (String name : names) {
            if (belongs(direction, name)) {
                chosen.add(Condition.parse(direction, name));
            }
        }
        return chosen.stream().distinct().toList();
    }

    /** Whether a condition name is one of {@code direction}'s (its threshold is checked by {@link Condition#parse}). */
    static boolean belongs(Direction direction, String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return n.equals("none") || n.equals("all")
                || (n.startsWith("object@") && direction == Direction.VIS4LANG)
                || (n.equals("phrase") && direction == Direction.LANG4VIS);
    }
}
