package org.xmodal.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats run summaries as the fixed-width table the CLI prints (and as TSV for scripts). */
public final class SummaryTable {
    private static final String[] HEADER = {"model", "direction", "condition", "metric", "n", "mean bits", "std bits",
        "Δ vs none", "rel. Δ"};

    /** One printed row: the run it belongs to and its summary. */
    public record Row(String model, String direction, ConditionSummary summary) {
    }

    private SummaryTable() {
    }

    public static String format(List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Row row : rows) {
            ConditionSummary s = row.summary();
            boolean baseline = s.condition().kind() == org.xmodal.ablation.Condition.Kind.NONE;
            cells.add(new String[] {row.model(), row.direction(), s.condition().name(), s.metric().wireName(),
                Long.toString(s.n()), fixed(s.meanBits(), 4), fixed(s.stdBits(), 4),
                baseline || Double.isNaN(s.deltaBits()) ? "" : signed(s.deltaBits(), 4),
                baseline || Double.isNaN(s.relativeDelta()) ? "" : signed(100 * s.relativeDelta(), 1) + "%"});
        }
        int[] widths = new int[HEADER.length];
        cells.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] r : cells) {
            for (int i = 0; i < r.length; i++) {
                boolean numeric = i >= 4;
                String pad = " ".repeat(widths[i] - r[i].length());
                out.append(numeric ? pad + r[i] : r[i] + pad).append(i + 1 < r.length ? "  " : "");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String signed(double value, int decimals) {
        return String.format(Locale.ROOT, "%+." + decimals + "f", value);
    }
}
