package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Follows a sweep on the terminal (a progress bar) and prints its comparison table. */
final class SweepPrinter {
    private static final int BAR = 30;

    private SweepPrinter() {
    }

    /** Polls the sweep until it ends, redrawing one progress line on {@code err}; returns its final status. */
    static JsonNode watch(ApiClient api, long sweepId, PrintWriter err, Duration poll) {
        JsonNode sweep = api.get("/api/sweeps/" + sweepId);
        while (!terminal(sweep.path("state").asText())) {
            err.print("\r" + progressLine(sweep));
            err.flush();
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sweep = api.get("/api/sweeps/" + sweepId);
        }
        err.println("\r" + progressLine(sweep));
        for (JsonNode run : sweep.path("runs")) {
            if (run.hasNonNull("error")) {
                err.printf("  run %d (%s %s) %s: %s%n", run.path("id").asLong(), run.path("model").asText(),
                        run.path("direction").asText(), run.path("state").asText(), run.path("error").asText());
            }
            if (run.path("skipped").asLong() > 0) {
                err.printf("  run %d (%s %s): %d entries without a target skipped (left out of n; GET /api/runs/%d/skipped lists them)%n",
                        run.path("id").asLong(), run.path("model").asText(), run.path("direction").asText(),
                        run.path("skipped").asLong(), run.path("id").asLong());
            }
        }
        err.flush();
        return sweep;
    }

    static String progressLine(JsonNode sweep) {
        long done = sweep.path("examplesDone").asLong();
        long total = Math.max(1, sweep.path("examplesTotal").asLong());
        int filled = (int) (BAR * Math.min(1.0, (double) done / total));
        String rate = sweep.hasNonNull("examplesPerSecond")
                ? String.format(Locale.ROOT, "%.0f ex/s", sweep.path("examplesPerSecond").asDouble()) : "";
        String eta = sweep.hasNonNull("etaSeconds") && !terminal(sweep.path("state").asText())
                ? "ETA " + sweep.path("etaSeconds").asLong() + " s" : "";
        long runsDone = 0;
        for (JsonNode run : sweep.path("runs")) {
            runsDone += terminal(run.path("state").asText()) ? 1 : 0;
        }
        return String.format(Locale.ROOT, "sweep %d [%s%s] %5.1f%% %d/%d examples, runs %d/%d %-9s %s %s   ",
                sweep.path("id").asLong(), "#".repeat(filled), ".".repeat(BAR - filled), 100.0 * done / total, done,
                sweep.path("examplesTotal").asLong(), runsDone, sweep.path("runs").size(), sweep.path("state").asText(), rate, eta);
    }

    /**
     * The comparison as a fixed-width table: model, direction, condition, metric, n, mean, std, Δ, relative Δ, and
     * where the runs have them the mean's and Δ's intervals and Holm's p, with the sentence that says how.
     */
    static String table(JsonNode comparison) {
        boolean intervals = false;
        for (JsonNode r : comparison.path("rows")) {
            intervals |= r.hasNonNull("meanLowBits");
        }
        String head = String.format(Locale.ROOT, "%-14s %-9s %-11s %-7s %7s %10s %9s %10s %8s",
                "model", "direction", "condition", "metric", "n", "mean bits", "std bits", "Δ vs none", "rel. Δ");
        StringBuilder out = new StringBuilder(intervals
                ? head + String.format(Locale.ROOT, " %-18s %-20s %7s", "mean CI", "Δ CI", "p Holm").stripTrailing() + "\n"
                : head + "\n");
        for (JsonNode r : comparison.path("rows")) {
            boolean hasDelta = r.hasNonNull("deltaBits") && !r.path("condition").asText().equals("none");
            String line = String.format(Locale.ROOT, "%-14s %-9s %-11s %-7s %7d %10.4f %9.4f %10s %8s",
                    r.path("model").asText(), r.path("direction").asText(), r.path("condition").asText(),
                    r.path("metric").asText(), r.path("n").asLong(), r.path("meanBits").asDouble(), r.path("stdBits").asDouble(),
                    hasDelta ? String.format(Locale.ROOT, "%+.4f", r.path("deltaBits").asDouble()) : "",
                    hasDelta && r.hasNonNull("relativeDelta") ? String.format(Locale.ROOT, "%+.1f%%", 100 * r.path("relativeDelta").asDouble()) : "");
            if (intervals) {
                line += String.format(Locale.ROOT, " %-18s %-20s %7s", bounds(r, "meanLowBits", "meanHighBits", "%.4f"),
                        hasDelta ? bounds(r, "deltaLowBits", "deltaHighBits", "%+.4f") : "",
                        hasDelta && r.hasNonNull("pHolm") ? org.xmodal.result.SummaryTable.pValue(r.path("pHolm").asDouble()) : "");
            }
            out.append(line.stripTrailing()).append('\n');
        }
        if (intervals && comparison.hasNonNull("uncertainty")) {
            out.append(comparison.path("uncertainty").asText()).append('\n');
        }
        return out.toString();
    }

    private static String bounds(JsonNode row, String low, String high, String format) {
        return row.hasNonNull(low) && row.hasNonNull(high) ? "[" + String.format(Locale.ROOT, format, row.path(low).asDouble())
                + ", " + String.format(Locale.ROOT, format, row.path(high).asDouble()) + "]" : "";
    }

    static boolean terminal(String state) {
        return state.equals("succeeded") || state.equals("failed") || state.equals("cancelled");
    }
}
