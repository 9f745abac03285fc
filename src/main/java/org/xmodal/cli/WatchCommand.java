package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xmodal watch}: follows a sweep with a progress bar until it ends, then prints its table. */
@Command(name = "watch", mixinStandardHelpOptions = true, description = "Follow a sweep until it ends and print its comparison table.")
public final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep's id.")
    long sweepId;

    @Override
    public Integer call() {
        ApiClient api = client.api();
        JsonNode done = SweepPrinter.watch(api, sweepId, spec.commandLine().getErr(), Duration.ofSeconds(1));
        spec.commandLine().getOut().print(SweepPrinter.table(api.get("/api/compare?sweeps=" + sweepId)));
        spec.commandLine().getOut().flush();
        return done.path("state").asText().equals("succeeded") ? 0 : 1;
    }
}
