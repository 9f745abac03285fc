package org.xmodal.result;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.xmodal.ablation.Direction;
import org.xmodal.evaluation.ExampleResult;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** Streams per-example results to the TSV layout of docs/formats.md, one row per example and condition. */
public final class ExampleResultWriter implements AutoCloseable {
    private static final String[] VIS4LANG = {"example", "condition", "mlm_nats", "predicted"};
    private static final String[] LANG4VIS = {"example", "condition", "target_region", "mrc_kl_nats", "mrc_xe_nats",
        "predicted_class"};

    private final Path file;
    private final Direction direction;
    private final CSVPrinter printer;

    public ExampleResultWriter(Path file, Direction direction) {
        this.file = file;
        this.direction = direction;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            printer = new CSVPrinter(writer, CSVFormat.TDF.builder()
                    .setHeader(direction == Direction.VIS4LANG ? VIS4LANG : LANG4VIS).setRecordSeparator('\n').get());
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(List<ExampleResult> results) {
        try {
            for (ExampleResult r : results) {
                if (direction == Direction.VIS4LANG) {
                    printer.printRecord(r.example(), r.condition().name(), r.lossNats(), join(r.predicted()));
                } else {
                    printer.printRecord(r.example(), r.condition().name(), r.targetRegion(), r.lossNats(),
                            r.secondaryNats(), r.predicted()[0]);
                }
            }
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String join(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(" "));
    }

    @Override
    public void close() {
        try {
            printer.close();
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot finish " + file + ": " + e.getMessage(), e);
        }
    }
}
