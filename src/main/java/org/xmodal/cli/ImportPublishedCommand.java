package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xmodal import-published}: published tables of the paper's shape as read-only reference results. */
@Command(name = "import-published", mixinStandardHelpOptions = true,
        description = "Import published mean-loss tables (tab-separated: Model, Mask, MLM or MRC-KL[, MRC-XE]) under a name "
                + "and citation, all files or none. Importing the same files under the same name again changes nothing.")
public final class ImportPublishedCommand implements Callable<Integer> {
    private static final long MAX_FILE = 900_000;

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(arity = "1..16", paramLabel = "FILE", description = "Table files (.tsv).")
    List<Path> files;

    @Option(names = "--name", required = true, description = "Name of the published table, e.g. frank2021-test.")
    String name;

    @Option(names = "--citation", required = true, description = "The citation the values are reported under.")
    String citation;

    @Override
    public Integer call() {
        List<Map<String, String>> tables = new ArrayList<>();
        for (Path file : files) {
            tables.add(Map.of("file", file.getFileName().toString(), "content", read(file)));
        }
        JsonNode table = client.api().post("/api/published", Map.of("name", name, "citation", citation, "tables", tables));
        spec.commandLine().getOut().printf("published table %s: %d rows from %s (means only: no per-example rows, no intervals)%n",
                table.path("name").asText(), table.path("rowCount").asLong(), table.path("sources"));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new IllegalArgumentException(file + ": larger than " + MAX_FILE + " bytes; split it into several files");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
