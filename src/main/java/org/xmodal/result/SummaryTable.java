package org.xmodal.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats run summaries as the fixed-width table the CLI prints (and as TSV for scripts). */
public final class SummaryTable {
    private static final String[] HEADER = {"model", "direction", "condition", "metric", "n", "mean bits", "std bits",
        "Δ vs none", "rel. Δ"};
    private static final String[] INTERVAL_HEADER = {"mean CI", "Δ CI", "p Holm"};

    /** One printed row: the run it belongs to and its summary. */
    public record Row(String model, String direction, ConditionSummary summary) {
    }

    private SummaryTable() {
    }

    public static String format(List<Row> rows) {
        return format(rows, null);
    }

    /**
     * The table; when rows carry intervals it has three more columns (the mean's interval, Δ's interval and Holm's
     * p), and {@code uncertainty}, the sentence that says how they were computed, follows it.
     */
    public static String format(List<Row> rows, String uncertainty) {
        boolean intervals = rows.stream().anyMatch(r -> r.summary().meanInterval() != null);
        List<String[]> cells = new ArrayList<>();
        cells.add(intervals ? concat(HEADER, INTERVAL_HEADER) : HEADER);
        for (Row row : rows) {
            ConditionSummary s = row.summary();
            boolean baseline = s.condition().kind() == org.xmodal.ablation.Condition.Kind.NONE;
            String[] cell = {row.model(), row.direction(), s.condition().name(), s.metric().wireName(),
                Long.toString(s.n()), fixed(s.meanBits(), 4), fixed(s.stdBits(), 4),
                baseline || Double.isNaN(s.deltaBits()) ? "" : signed(s.deltaBits(), 4),
                baseline || Double.isNaN(s.relativeDelta()) ? "" : signed(100 * s.relativeDelta(), 1) + "%"};
            cells.add(!intervals ? cell : concat(cell, new String[] {interval(s.meanInterval(), false),
                baseline ? "" : interval(s.deltaInterval(), true), baseline ? "" : pValue(s.pHolm())}));
        }
        int[] widths = new int[cells.get(0).length];
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
        if (intervals && uncertainty != null) {
            out.append(uncertainty).append('\n');
        }
        return out.toString();
    }

    /** {@code [low, high]} with four decimals (signed for a Δ); empty without an interval. */
    public static String interval(org.xmodal.analysis.Interval interval, boolean signed) {
        if (interval == null) {
            return "";
        }
        return "[" + (signed ? signed(interval.low(), 4) : fixed(interval.low(), 4)) + ", "
                + (signed ? signed(interval.high(), 4) : fixed(interval.high(), 4)) + "]";
    }

    /** A p-value as papers print it: three decimals, or {@code <0.001}; empty without one. */
    public static String pValue(Double p) {
        if (p == null) {
            return "";
        }
        return p < 0.001 ? "<0.001" : fixed(p, 3);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String signed(double value, int decimals) {
        return String.format(Locale.ROOT, "%+." + decimals + "f", value);
    }
}
