package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code xmodal compare}: the comparison table of runs or sweeps on one dataset. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Print n, mean bits, std, Δ vs none and relative Δ for runs or sweeps on one dataset.")
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    RunsOptions selection = new RunsOptions();

    @Mixin
    SubsetOptions subset = new SubsetOptions();

    @Override
    public Integer call() {
        JsonNode comparison = client.api().get("/api/compare?" + selection.query() + subset.query());
        spec.commandLine().getOut().print(SubsetOptions.describe(comparison) + SubsetOptions.table(comparison)
                + GroupTable.format(comparison));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
