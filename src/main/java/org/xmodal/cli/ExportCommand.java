package org.xmodal.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xmodal export}: a run's per-example results as CSV or TSV, or a comparison as CSV, TSV, LaTeX or Markdown. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a run's per-example results (--run) as CSV or TSV, or a comparison (--sweeps/--runs) as CSV, TSV, "
                + "or a LaTeX (booktabs) or Markdown table with intervals and n.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client = new ClientOptions();

    @Option(names = "--run", description = "Export every per-example row of this run.")
    Long run;

    @Option(names = "--sweeps", split = ",", description = "Export the comparison of these sweeps.")
    List<Long> sweeps = List.of();

    @Option(names = "--runs", split = ",", description = "Export the comparison of these runs.")
    List<Long> runs = List.of();

    @Mixin
    SubsetOptions subset = new SubsetOptions();

    @Option(names = "--format", defaultValue = "tsv",
            description = "csv or tsv; for a comparison also tex (LaTeX, booktabs) or md (Markdown) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--out"}, description = "Output file (default: standard output).")
    Path out;

    @Override
    public Integer call() throws IOException {
        boolean table = format.equals("tex") || format.equals("md");
        if (!format.equals("csv") && !format.equals("tsv") && !table) {
            throw new IllegalArgumentException("--format must be csv, tsv, tex or md, got '" + format + "'");
        }
        if (table && run != null) {
            throw new IllegalArgumentException("--format " + format + " is for a comparison (--sweeps or --runs); a run's rows export as csv or tsv");
        }
        String path = run != null ? "/api/runs/" + run + "/results." + format + "?" + subset.query().replaceFirst("^&", "")
                : "/api/compare." + format + "?" + RunsOptions.query(sweeps, runs) + subset.query();
        if (run == null && sweeps.isEmpty() && runs.isEmpty()) {
            throw new IllegalArgumentException("give --run, --sweeps or --runs");
        }
        if (out == null) {
            client.api().download(path, System.out);
            System.out.flush();
            return 0;
        }
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".xmodal-export", ".part");
        try (OutputStream sink = Files.newOutputStream(tmp)) {
            client.api().download(path, sink);
        } catch (XmodalException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.err.println("wrote " + out);
        return 0;
    }
}
