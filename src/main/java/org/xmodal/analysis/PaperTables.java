package org.xmodal.analysis;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;
import org.xmodal.result.ResultResponses.ComparisonResponse;
import org.xmodal.result.ResultResponses.ConditionRow;

/**
 * A comparison as a table a paper can take as it is: LaTeX with booktabs rules, or Markdown (GitHub's pipe
 * tables). Means and Δ in bits with three decimals, each with its interval where the run has one, n per row, Holm's
 * p for every Δ, and a caption that names the dataset, the runs and how the intervals were computed.
 */
public final class PaperTables {
    private PaperTables() {
    }

    /** Writes {@code comparison} as {@code tex} or {@code md}. */
    public static void write(ComparisonResponse comparison, String format, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(format.equals("tex") ? latex(comparison) : markdown(comparison));
        w.flush();
    }

    public static String latex(ComparisonResponse c) {
        StringBuilder b = new StringBuilder();
        b.append("% xmodal comparison of runs ").append(runs(c)).append(" on ").append(tex(c.dataset()))
                .append("; needs \\usepackage{booktabs}\n");
        b.append("\\begin{table}[t]\n\\centering\n\\small\n");
        b.append("\\caption{Cross-modal input ablation on ").append(tex(c.dataset())).append(" (runs ").append(runs(c))
                .append("). ").append(tex(captionText(c))).append("}\n");
        b.append("\\begin{tabular}{llllrlll}\n\\toprule\n");
        b.append("Model & Direction & Condition & Metric & $n$ & Mean bits").append(c.uncertainty() == null ? "" : " [CI]")
                .append(" & $\\Delta$ bits").append(c.uncertainty() == null ? "" : " [CI]").append(" & $p$ (Holm) \\\\\n\\midrule\n");
        Long previous = null;
        for (ConditionRow r : c.rows()) {
            if (previous != null && previous != r.runId()) {
                b.append("\\midrule\n");
            }
            previous = r.runId();
            boolean none = r.condition().equals("none");
            b.append(String.join(" & ", tex(r.model()), tex(r.direction()), "\\texttt{" + tex(r.condition()) + "}",
                    tex(metricName(r.metric())), Long.toString(r.n()),
                    number(r.meanBits(), false) + interval(r.meanLowBits(), r.meanHighBits(), false),
                    none || r.deltaBits() == null ? "" : "$" + number(r.deltaBits(), true) + "$"
                            + (r.deltaLowBits() == null || r.deltaHighBits() == null ? "" : " [$" + number(r.deltaLowBits(), true)
                            + "$, $" + number(r.deltaHighBits(), true) + "$]"),
                    none ? "" : p(r.pHolm()).replace("<", "$<$"))).append(" \\\\\n");
        }
        b.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
        return b.toString();
    }

    public static String markdown(ComparisonResponse c) {
        StringBuilder b = new StringBuilder();
        b.append("**Cross-modal input ablation on ").append(md(c.dataset())).append("** (runs ").append(runs(c)).append(")\n\n");
        b.append("| model | direction | condition | metric | n | mean bits").append(c.uncertainty() == null ? "" : " [CI]")
                .append(" | Δ bits").append(c.uncertainty() == null ? "" : " [CI]").append(" | p (Holm) |\n");
        b.append("|---|---|---|---|--:|--:|--:|--:|\n");
        for (ConditionRow r : c.rows()) {
            boolean none = r.condition().equals("none");
            b.append("| ").append(String.join(" | ", md(r.model()), md(r.direction()), md(r.condition()),
                    md(metricName(r.metric())), Long.toString(r.n()),
                    number(r.meanBits(), false) + interval(r.meanLowBits(), r.meanHighBits(), false),
                    none || r.deltaBits() == null ? "" : number(r.deltaBits(), true) + interval(r.deltaLowBits(), r.deltaHighBits(), true),
                    none ? "" : p(r.pHolm()))).append(" |\n");
        }
        b.append('\n').append(md(captionText(c))).append('\n');
        return b.toString();
    }

    /** What the numbers are, and how sure: the sentence under (or in the caption of) the table. */
    private static String captionText(ComparisonResponse c) {
        String base = "Mean loss in bits over n examples; Δ against each run's own none.";
        return c.uncertainty() == null ? base + " These runs have no intervals or p-values."
                : base + " Intervals and p: " + c.uncertainty() + ".";
    }

    private static String runs(ComparisonResponse c) {
        return c.runs().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String metricName(String metric) {
        return switch (metric) {
            case "mlm" -> "MLM";
            case "mrc-kl" -> "MRC-KL";
            case "mrc-xe" -> "MRC-XE";
            default -> metric;
        };
    }

    private static String number(double v, boolean signed) {
        return String.format(Locale.ROOT, signed ? "%+.3f" : "%.3f", v);
    }

    private static String interval(Double low, Double high, boolean signed) {
        return low == null || high == null ? "" : " [" + number(low, signed) + ", " + number(high, signed) + "]";
    }

    private static String p(Double p) {
        return p == null ? "" : p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** LaTeX text with its ten special characters made literal. */
    static String tex(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> b.append("\\textbackslash{}");
                case '{', '}', '$', '&', '#', '_', '%' -> b.append('\\').append(ch);
                case '^' -> b.append("\\textasciicircum{}");
                case '~' -> b.append("\\textasciitilde{}");
                case '<' -> b.append("\\textless{}");
                case '>' -> b.append("\\textgreater{}");
                case '\n', '\r' -> b.append(' ');
                case 'Δ' -> b.append("$\\Delta$");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** Markdown table-cell text: the characters that would start markup, a link, HTML or a new cell are escaped. */
    static String md(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char ch : s.toCharArray()) {
            if ("\\`*_[]<>|#!~".indexOf(ch) >= 0) {
                b.append('\\');
            }
            b.append(ch == '\n' || ch == '\r' ? ' ' : ch);
        }
        return b.toString();
    }

    /** The media type of a format. */
    public static String mediaType(String format) {
        return format.equals("tex") ? "application/x-tex; charset=UTF-8" : "text/markdown; charset=UTF-8";
    }
}
