package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xmodal compare}: the comparison table of runs or sweeps on one dataset. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Print n, mean bits, std, Δ vs none and relative Δ for runs or sweeps on one dataset.")
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Option(names = "--sweeps", split = ",", description = "Sweep ids (all their runs).")
    List<Long> sweeps = List.of();

    @Option(names = "--runs", split = ",", description = "Run ids.")
    List<Long> runs = List.of();

    @Mixin
    SubsetOptions subset = new SubsetOptions();

    @Override
    public Integer call() {
        if (sweeps.isEmpty() && runs.isEmpty()) {
            throw new IllegalArgumentException("give --sweeps or --runs");
        }
        JsonNode comparison = client.api().get("/api/compare?" + query(sweeps, runs) + subset.query());
        spec.commandLine().getOut().print(SubsetOptions.describe(comparison) + SubsetOptions.table(comparison)
                + GroupTable.format(comparison));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String query(List<Long> sweeps, List<Long> runs) {
        return "sweeps=" + sweeps.stream().map(String::valueOf).collect(Collectors.joining(","))
                + "&runs=" + runs.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
