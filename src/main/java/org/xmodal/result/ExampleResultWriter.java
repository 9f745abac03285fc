package org.xmodal.result;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.xmodal.ablation.Direction;
import org.xmodal.evaluation.ExampleResult;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Streams per-example results to the TSV layout of docs/formats.md, one row per example and condition. The rows go to
 * {@code <file>.partial}, which {@link #commit()} renames to {@code file}; closed without a commit, the partial file
 * is removed, so a file under the final name is always complete.
 */
public final class ExampleResultWriter implements AutoCloseable {
    private static final String[] VIS4LANG = {"example", "condition", "mlm_nats", "predicted"};
    private static final String[] LANG4VIS = {"example", "condition", "target_region", "mrc_kl_nats", "mrc_xe_nats",
        "predicted_class"};

    private final Path file;
    private final Path partial;
    private final Direction direction;
    private final CSVPrinter printer;
    private final boolean labels;
    private boolean committed;

    public ExampleResultWriter(Path file, Direction direction) {
        this(file, direction, false);
    }

    /** With {@code labels}, lang4vis rows end with {@code mrc_xe_label_nats}: MRC-XE against the gold label (empty without one). */
    public ExampleResultWriter(Path file, Direction direction, boolean labels) {
        this.labels = labels && direction == Direction.LANG4VIS;
        this.file = file;
        this.partial = file.resolveSibling(file.getFileName() + ".partial");
        this.direction = direction;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
            printer = new CSVPrinter(writer, CSVFormat.TDF.builder()
                    .setHeader(direction == Direction.VIS4LANG ? VIS4LANG : this.labels ? withLabel() : LANG4VIS).setRecordSeparator('\n').get());
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(List<ExampleResult> results) {
        try {
            for (ExampleResult r : results) {
                if (direction == Direction.VIS4LANG) {
                    printer.printRecord(r.example(), r.condition().name(), r.lossNats(), join(r.predicted()));
                } else if (labels) {
                    printer.printRecord(r.example(), r.condition().name(), r.targetRegion(), r.lossNats(),
                            r.secondaryNats(), r.predicted()[0], Float.isNaN(r.labelNats()) ? "" : r.labelNats());
                } else {
                    printer.printRecord(r.example(), r.condition().name(), r.targetRegion(), r.lossNats(),
                            r.secondaryNats(), r.predicted()[0]);
                }
            }
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String[] withLabel() {
        String[] header = Arrays.copyOf(LANG4VIS, LANG4VIS.length + 1);
        header[LANG4VIS.length] = "mrc_xe_label_nats";
        return header;
    }

    private static String join(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(" "));
    }

    /** Finishes the file and gives it its final name (replacing an older file of that name). */
    public void commit() {
        try {
            printer.close();
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot finish " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            printer.close();
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot remove " + partial + ": " + e.getMessage(), e);
        }
    }
}
