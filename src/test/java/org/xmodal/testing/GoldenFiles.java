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

    public static long[] longs(String spaceSeparated) {
        return spaceSeparated.isBlank() ? new long[0]
                : java.util.Arrays.stream(spaceSeparated.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }
}
