package org.xmodal.cli;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** Which runs a command sets side by side: every run of some sweeps, and single runs. */
final class RunsOptions {
    @Option(names = "--sweeps", split = ",", description = "Sweep ids (all their runs).")
    List<Long> sweeps = List.of();

    @Option(names = "--runs", split = ",", description = "Run ids.")
    List<Long> runs = List.of();

    /** The {@code sweeps=…&runs=…} query; fails naming the options when neither is given. */
    String query() {
        if (sweeps.isEmpty() && runs.isEmpty()) {
            throw new IllegalArgumentException("give --sweeps or --runs");
        }
        return query(sweeps, runs);
    }

    static String query(List<Long> sweeps, List<Long> runs) {
        return "sweeps=" + sweeps.stream().map(String::valueOf).collect(Collectors.joining(","))
                + "&runs=" + runs.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
