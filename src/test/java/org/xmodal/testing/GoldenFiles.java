package org.xmodal.testing;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.xmodal.ablation.Direction;
import org.xmodal.evaluation.ExampleResult;

/** Reads the golden TSV files of {@code demo/golden} (gzip or plain, with a header row). */
public final class GoldenFiles {
    private GoldenFiles() {
    }

    public static List<CSVRecord> read(Path file) {
        try (Reader reader = new InputStreamReader(file.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file), StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            return new ArrayList<>(parser.getRecords());
        } catch (IOException e) {
            throw new AssertionError("cannot read golden file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The largest |ours − golden| in nats over every row (MLM, or MRC-KL and MRC-XE), after checking that both list
     * the same examples and conditions in the same order (and, for lang4vis, the same target regions).
     */
    public static double maxDifference(List<ExampleResult> ours, List<CSVRecord> golden, Direction direction) {
        org.assertj.core.api.Assertions.assertThat(ours).as("rows").hasSameSizeAs(golden);
        double worst = 0;
        for (int i = 0; i < golden.size(); i++) {
            CSVRecord g = golden.get(i);
            ExampleResult r = ours.get(i);
            String where = "row " + i + ": example " + r.example() + " " + r.condition();
            org.assertj.core.api.Assertions.assertThat(r.example()).as(where).isEqualTo(Integer.parseInt(g.get("example")));
            org.assertj.core.api.Assertions.assertThat(r.condition().name()).as(where).isEqualTo(g.get("condition"));
            if (direction == Direction.VIS4LANG) {
                worst = Math.max(worst, Math.abs(r.lossNats() - Double.parseDouble(g.get("mlm_nats"))));
            } else {
                org.assertj.core.api.Assertions.assertThat(r.targetRegion()).as(where).isEqualTo(Integer.parseInt(g.get("target_region")));
                worst = Math.max(worst, Math.abs(r.lossNats() - Double.parseDouble(g.get("mrc_kl_nats"))));
                worst = Math.max(worst, Math.abs(r.secondaryNats() - Double.parseDouble(g.get("mrc_xe_nats"))));
            }
        }
        return worst;
    }

    public static long[] longs(String spaceSeparated) {
        return spaceSeparated.isBlank() ? new long[0]
                : java.util.Arrays.stream(spaceSeparated.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
