package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --subset name:value} (repeatable: all must hold) and {@code --by name}, sent as {@code subset=} and {@code by=}. */
final class SubsetOptions {
    @Option(names = "--subset", paramLabel = "NAME:VALUE",
            description = "Only the examples whose attribute NAME has VALUE, e.g. phrase-type:people (repeatable: all must hold).")
    List<String> subsets = new ArrayList<>();

    @Option(names = "--by", paramLabel = "NAME", description = "One row per value of the attribute NAME, e.g. phrase-type.")
    String by;

    /** The query parameters, each led by {@code &}; empty without options. */
    String query() {
        StringBuilder q = new StringBuilder();
        subsets.forEach(s -> q.append("&subset=").append(ApiClient.encode(s)));
        if (by != null && !by.isBlank()) {
            q.append("&by=").append(ApiClient.encode(by));
        }
        return q.toString();
    }

    /** A line per cell of a restricted table: the examples it covers in the dataset; empty for an unrestricted table. */
    static String describe(JsonNode table) {
        JsonNode subset = table.path("subset");
        if (subset.isMissingNode() || subset.isNull()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        subset.path("subset").forEach(s -> parts.add(s.asText()));
        String what = (parts.isEmpty() ? "all examples" : "subset " + String.join(" and ", parts)) + " of "
                + subset.path("dataset").asText() + (subset.path("by").isTextual() ? ", by " + subset.path("by").asText() : "");
        StringBuilder out = new StringBuilder(what).append(':');
        if (subset.path("cells").isEmpty()) {
            out.append(" n = 0, no example matches\n");
            return out.toString();
        }
        for (JsonNode cell : subset.path("cells")) {
            String group = cell.path("group").isTextual() ? cell.path("group").asText() + " " : "";
            out.append(String.format(Locale.ROOT, " %s%d examples%s", group, cell.path("examples").asLong(),
                    cell.path("examples").asLong() == 0 ? " (n = 0, no example matches)" : "")).append(';');
        }
        out.setLength(out.length() - 1);
        return out.append('\n').toString();
    }

    /** The comparison table, with a first column for the cell when broken down. */
    static String table(JsonNode table) {
        JsonNode subset = table.path("subset");
        if (subset.isMissingNode() || subset.isNull() || !subset.path("by").isTextual()) {
            return SweepPrinter.table(table);
        }
        String by = subset.path("by").asText();
        int width = Math.max(by.length(), 5);
        for (JsonNode r : table.path("rows")) {
            width = Math.max(width, r.path("group").asText().length());
        }
        StringBuilder out = new StringBuilder();
        String[] lines = SweepPrinter.table(table).split("\n", -1);
        out.append(String.format(Locale.ROOT, "%-" + width + "s ", by)).append(lines[0]).append('\n');
        int i = 1;
        for (JsonNode r : table.path("rows")) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s ", r.path("group").asText())).append(lines[i++]).append('\n');
        }
        return out.toString();
    }
}
