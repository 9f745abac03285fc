package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The seed groups of a comparison as a fixed-width table: mean ± sd across seeds, n seeds, and the seed spread. */
final class GroupTable {
    private GroupTable() {
    }

    /** Empty when the comparison has no seed groups. */
    static String format(JsonNode comparison) {
        JsonNode groups = comparison.path("groups");
        if (!groups.isArray() || groups.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nseed groups (sd: across seeds; std above: across examples within a run)%n%-14s %-9s %-11s %-7s %5s %10s %9s %10s %10s%n",
                "group", "direction", "condition", "metric", "seeds", "mean bits", "sd bits", "min bits", "max bits"));
        for (JsonNode g : groups) {
            out.append(String.format(Locale.ROOT, "%-14s %-9s %-11s %-7s %5d %10.4f %9s %10.4f %10.4f%n", g.path("group").asText(),
                    g.path("direction").asText(), g.path("condition").asText(), g.path("metric").asText(), g.path("seeds").asInt(),
                    g.path("meanBits").asDouble(),
                    g.hasNonNull("sdAcrossSeedsBits") ? String.format(Locale.ROOT, "%.4f", g.path("sdAcrossSeedsBits").asDouble()) : "",
                    g.path("minBits").asDouble(), g.path("maxBits").asDouble()));
        }
        return out.toString();
    }
}
