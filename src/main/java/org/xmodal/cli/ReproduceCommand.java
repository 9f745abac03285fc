package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xmodal reproduce}: runs against a published table, per model, condition and metric, within a tolerance or not. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Set runs or sweeps against a published table (default: the paper's): published bits, xmodal's bits, "
                + "their difference, and whether it is within the tolerance.")
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    RunsOptions selection = new RunsOptions();

    @Option(names = "--published", description = "Published table (default: the paper's, frank2021).")
    String published;

    @Option(names = "--tolerance", description = "Largest difference in bits that counts as reproduced (default 0.001).")
    Double tolerance;

    @Option(names = "--map", description = "Explicit matches, MODEL=PUBLISHED_MODEL[,...], e.g. my-uniter=UNITER.")
    String map;

    @Override
    public Integer call() {
        StringBuilder path = new StringBuilder("/api/reproduce?" + selection.query());
        if (published != null) {
            path.append("&published=").append(ApiClient.encode(published));
        }
        if (tolerance != null) {
            path.append("&tolerance=").append(tolerance);
        }
        if (map != null) {
            path.append("&map=").append(ApiClient.encode(map));
        }
        spec.commandLine().getOut().print(table(client.api().get(path.toString())));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String table(JsonNode r) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "published: %s — %s%n", r.path("published").asText(),
                r.path("citation").asText()));
        for (JsonNode m : r.path("models")) {
            out.append(m.hasNonNull("publishedModel")
                    ? String.format(Locale.ROOT, "  %s → %s (by %s)%n", m.path("model").asText(), m.path("publishedModel").asText(),
                            m.path("matchedBy").asText())
                    : String.format(Locale.ROOT, "  %s: no published model (name one with --map %s=MODEL)%n",
                            m.path("model").asText(), m.path("model").asText()));
        }
        double tolerance = r.path("toleranceBits").asDouble();
        out.append(String.format(Locale.ROOT, "%-14s %-12s %-9s %-11s %-7s %10s %10s %10s  %s%n", "model", "published", "direction",
                "condition", "metric", "published", "xmodal", "Δ bits", "within ±" + tolerance));
        for (JsonNode row : r.path("rows")) {
            String verdict = row.path("within").isNull() ? "not comparable" : row.path("within").asBoolean() ? "yes" : "NO";
            out.append(String.format(Locale.ROOT, "%-14s %-12s %-9s %-11s %-7s %10.4f %10.4f %+10.4f  %s%n",
                    row.path("model").asText(), row.path("publishedModel").asText(), row.path("direction").asText(),
                    row.path("condition").asText(), row.path("metric").asText(), row.path("publishedBits").asDouble(),
                    row.path("measuredBits").asDouble(), row.path("differenceBits").asDouble(), verdict));
        }
        out.append(String.format(Locale.ROOT, "%d within, %d beyond the tolerance of %s bits%n", r.path("within").asLong(),
                r.path("beyond").asLong(), tolerance));
        return out.toString();
    }
}
