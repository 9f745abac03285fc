package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xmodal submit}: creates an experiment (or a new version of one) from a YAML or JSON file and runs it. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit an experiment from a YAML or JSON file to a running server and start a sweep of it.")
public final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The experiment: name, dataset, models, directions, conditions, options.")
    Path file;

    @Option(names = "--experiment", description = "Make the file a new version of this experiment instead of a new experiment.")
    Long experimentId;

    @Option(names = "--watch", description = "Follow the sweep with a progress bar and print its comparison table.")
    boolean watch;

    @Override
    public Integer call() {
        JsonNode definition = read(file);
        ApiClient api = client.api();
        JsonNode experiment = experimentId == null ? api.post("/api/experiments", definition)
                : api.put("/api/experiments/" + experimentId, definition);
        JsonNode sweep = api.post("/api/experiments/" + experiment.path("id").asLong() + "/sweeps", null);
        long sweepId = sweep.path("id").asLong();
        var out = spec.commandLine().getOut();
        out.printf("experiment %d version %d: sweep %d submitted (%d runs, %d examples)%n", experiment.path("id").asLong(),
                experiment.path("version").asInt(), sweepId, sweep.path("runs").size(), sweep.path("examplesTotal").asLong());
        out.flush();
        if (!watch) {
            return 0;
        }
        JsonNode done = SweepPrinter.watch(api, sweepId, spec.commandLine().getErr(), Duration.ofSeconds(1));
        out.print(SweepPrinter.table(api.get("/api/compare?sweeps=" + sweepId)));
        out.flush();
        return done.path("state").asText().equals("succeeded") ? 0 : 1;
    }

    static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "experiment file not found: " + file);
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, file + ": not valid " + (name.endsWith(".json") ? "JSON" : "YAML")
                    + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
