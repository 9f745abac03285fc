package org.xmodal.result;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.xmodal.result.ResultQueries.RunInfo;

/**
 * Writes results as CSV or TSV (commons-csv does the quoting): a run's rows, or a comparison table. Text cells
 * pass through {@link SpreadsheetText} so a name such as {@code =HYPERLINK(…)} is not run by a spreadsheet.
 */
@ApplicationScoped
public class ResultExport {
    private final ResultQueries queries;

    public ResultExport(ResultQueries queries) {
        this.queries = queries;
    }

    public void run(RunInfo run, String format, OutputStream out) throws IOException {
        try (CSVPrinter printer = printer(format, out, "run", "model", "direction", "example", "condition", "loss_nats",
                "secondary_nats", "target_region", "ablated_regions", "predicted", "label_nats")) {
            queries.forEachRow(run.id(), (example, condition, loss, secondary, target, ablated, predicted, label) -> {
                try {
                    printer.printRecord(run.id(), text(run.model()), text(run.direction()), example, text(run.conditions().get(condition)),
                            Float.toString(loss), secondary == null ? "" : Float.toString(secondary),
                            target == null ? "" : target, ablated, text(predicted.replaceAll("[{}]", "").replace(',', ' ')),
                            label == null ? "" : Float.toString(label));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    public void comparison(ResultResponses.ComparisonResponse comparison, String format, OutputStream out) throws IOException {
        ResultResponses.SubsetResponse subset = comparison.subset();
        List<String> header = new java.util.ArrayList<>(List.of("run", "sweep", "model", "direction", "condition", "metric", "n",
                "mean_bits", "std_bits", "delta_bits", "relative_delta", "mean_low_bits", "mean_high_bits", "delta_low_bits",
                "delta_high_bits", "relative_delta_low", "relative_delta_high", "p", "p_holm"));
        if (subset != null) { // a restricted table says which examples it covers, and each row its cell
            header.addAll(List.of("subset", "by", "group"));
        }
        try (CSVPrinter printer = printer(format, out, header.toArray(String[]::new))) {
            for (ResultResponses.ConditionRow r : comparison.rows()) {
                List<Object> cells = new java.util.ArrayList<>(List.of(r.runId(), r.sweepId(), text(r.model()), text(r.direction()),
                        text(r.condition()), text(r.metric()), r.n(), number(r.meanBits()), number(r.stdBits()),
                        number(r.deltaBits()), number(r.relativeDelta())));
                java.util.Collections.addAll(cells, number(r.meanLowBits()), number(r.meanHighBits()), number(r.deltaLowBits()),
                        number(r.deltaHighBits()), number(r.relativeDeltaLow()), number(r.relativeDeltaHigh()),
                        precise(r.p()), precise(r.pHolm()));
                if (subset != null) {
                    cells.add(text(String.join(" ", subset.subset())));
                    cells.add(subset.by() == null ? "" : text(subset.by()));
                    cells.add(r.group() == null ? "" : text(r.group()));
                }
                printer.printRecord(cells);
            }
        }
    }

    private static CSVPrinter printer(String format, OutputStream out, String... header) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVFormat base = format.equals("tsv") ? CSVFormat.TDF : CSVFormat.RFC4180;
        return new CSVPrinter(writer, base.builder().setHeader(header).setRecordSeparator('\n').get());
    }

    private static String text(String value) {
        return SpreadsheetText.of(value);
    }

    /** p-values keep their magnitude: 1/(1 + 10000) is not rounded to zero. */
    private static String precise(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.6g", value);
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.6f", value);
    }
}
