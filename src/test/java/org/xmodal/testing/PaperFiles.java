package org.xmodal.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's shipped tables read the plainest way (split on tabs), independent of the importer, and published tables
 * of the paper's shape written from a comparison's rows (demo-shaped reference values).
 */
public final class PaperFiles {
    private PaperFiles() {
    }

    public static Path folder() {
        return Path.of(System.getProperty("xmodal.repo.root", ".")).resolve("data/paper");
    }

    /** The cells of a shipped table, header dropped: index, Model, Mask, values. */
    public static List<String[]> lines(String file) {
        try {
            return Files.readAllLines(folder().resolve(file)).stream().skip(1).filter(l -> !l.isBlank())
                    .map(l -> l.split("\t", -1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A published value straight from the file: the cell in {@code column} (3: MLM or MRC-KL, 4: MRC-XE). */
    public static double value(String file, String model, String mask, int column) {
        return lines(file).stream().filter(c -> c[1].equals(model) && c[2].equals(mask)).mapToDouble(c -> Double.parseDouble(c[column]))
                .findFirst().orElseThrow(() -> new AssertionError("no " + model + " " + mask + " in " + file));
    }

    /**
     * The two files of a published table holding, for each model in {@code offsets}, its comparison means under the
     * vis4lang none / 0.5 / all and lang4vis none / phrase / all conditions plus the offset (bits).
     */
    public static List<Map<String, String>> demoShaped(JsonNode rows, Map<String, Double> offsets) {
        StringBuilder vis = new StringBuilder("\tModel\tMask\tMLM\n");
        StringBuilder lang = new StringBuilder("\tModel\tMask\tMRC-KL\tMRC-XE\n");
        int index = 0;
        for (var e : offsets.entrySet()) {
            for (String[] c : List.of(new String[] {"None", "none"}, new String[] {"0.5", "object@0.5"}, new String[] {"All", "all"})) {
                vis.append(String.format(Locale.ROOT, "%d\t%s\t%s\t%s%n", index++, e.getKey(), c[0],
                        mean(rows, e.getKey(), "vis4lang", c[1], "mlm") + e.getValue()));
            }
            for (String[] c : List.of(new String[] {"None", "none"}, new String[] {"Phrase", "phrase"}, new String[] {"All", "all"})) {
                double kl = mean(rows, e.getKey(), "lang4vis", c[1], "mrc-kl");
                if (!Double.isNaN(kl)) {
                    lang.append(String.format(Locale.ROOT, "%d\t%s\t%s\t%s\t%s%n", index++, e.getKey(), c[0], kl + e.getValue(),
                            mean(rows, e.getKey(), "lang4vis", c[1], "mrc-xe") + 17));
                }
            }
        }
        return List.of(Map.of("file", "demo_vis4lang.tsv", "content", vis.toString()),
                Map.of("file", "demo_lang4vis.tsv", "content", lang.toString()));
    }

    /** The mean bits of a comparison row, NaN when there is none. */
    public static double mean(JsonNode rows, String model, String direction, String condition, String metric) {
        List<Double> found = new ArrayList<>();
        rows.forEach(r -> {
            if (r.path("model").asText().equals(model) && r.path("direction").asText().equals(direction)
                    && r.path("condition").asText().equals(condition) && r.path("metric").asText().equals(metric)) {
                found.add(r.path("meanBits").asDouble());
            }
        });
        return found.isEmpty() ? Double.NaN : found.get(found.size() - 1);
    }

    /** Mean and sample standard deviation (n − 1), computed directly. */
    public static double[] meanAndSd(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return new double[] {mean, Math.sqrt(squares / (values.size() - 1))};
    }
}
