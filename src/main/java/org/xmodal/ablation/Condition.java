package org.xmodal.ablation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One ablation setting of a direction. vis4lang: {@code none}, {@code object@t} (t in [0, 1]) and {@code all};
 * lang4vis: {@code none}, {@code phrase} and {@code all}. The vis4lang conditions are IoT thresholds
 * (spec §2.2): none is 2.0 (nothing can exceed it), all is -1.0 (everything does).
 */
public record Condition(Direction direction, Kind kind, double threshold) {

    /** The shape of a condition; {@code OBJECT} exists in vis4lang only, {@code PHRASE} in lang4vis only. */
    public enum Kind { NONE, OBJECT, PHRASE, ALL }

    /** IoT threshold used by lang4vis for the regions it masks, and the headline vis4lang object threshold. */
    public static final double HEADLINE_THRESHOLD = 0.5;

    public Condition {
        if (kind == Kind.OBJECT && (direction != Direction.VIS4LANG || !(threshold >= 0.0 && threshold <= 1.0))) {
            throw new IllegalArgumentException("object@t needs vis4lang and 0 <= t <= 1, got " + threshold);
        }
        if (kind == Kind.PHRASE && direction != Direction.LANG4VIS) {
            throw new IllegalArgumentException("the phrase condition exists in lang4vis only");
        }
    }

    public static Condition none(Direction direction) {
        return new Condition(direction, Kind.NONE, direction == Direction.VIS4LANG ? 2.0 : Double.NaN);
    }

    public static Condition all(Direction direction) {
        return new Condition(direction, Kind.ALL, direction == Direction.VIS4LANG ? -1.0 : Double.NaN);
    }

    public static Condition object(double threshold) {
        return new Condition(Direction.VIS4LANG, Kind.OBJECT, threshold);
    }

    public static Condition phrase() {
        return new Condition(Direction.LANG4VIS, Kind.PHRASE, Double.NaN);
    }

    /** Parses {@code none}, {@code all}, {@code phrase}, {@code object@0.5} for the given direction. */
    public static Condition parse(Direction direction, String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (name.equals("none")) {
            return none(direction);
        }
        if (name.equals("all")) {
            return all(direction);
        }
        if (name.equals("phrase") && direction == Direction.LANG4VIS) {
            return phrase();
        }
        if (name.startsWith("object@") && direction == Direction.VIS4LANG) {
            double t;
            try {
                t = Double.parseDouble(name.substring("object@".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("condition '" + text + "': threshold is not a number");
            }
            if (!(t >= 0.0 && t <= 1.0)) {
                throw new IllegalArgumentException("condition '" + text + "': threshold must lie in [0, 1]");
            }
            return object(t);
        }
        throw new IllegalArgumentException("unknown " + direction + " condition '" + text + "'; expected "
                + (direction == Direction.VIS4LANG ? "none, object@t (0 <= t <= 1) or all" : "none, phrase or all"));
    }

    /** Every condition of the paper's sweep for a direction, in its table order. */
    public static List<Condition> fullSweep(Direction direction) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(none(direction));
        if (direction == Direction.VIS4LANG) {
            for (int tenth = 9; tenth >= 0; tenth--) {
                conditions.add(object(tenth / 10.0));
            }
        } else {
            conditions.add(phrase());
        }
        conditions.add(all(direction));
        return conditions;
    }

    /** The stable name used in tables and files: {@code none}, {@code object@0.5}, {@code phrase}, {@code all}. */
    public String name() {
        return switch (kind) {
            case NONE -> "none";
            case ALL -> "all";
            case PHRASE -> "phrase";
            case OBJECT -> "object@" + formatThreshold(threshold);
        };
    }

    private static String formatThreshold(double t) {
        String plain = BigDecimal.valueOf(t).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    @Override
    public String toString() {
        return name();
    }
}
