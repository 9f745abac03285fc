package org.xmodal.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one chaos run does, chosen by system properties: {@code xmodal.chaos=short} (the default, part of
 * {@code mvn verify}) or {@code long} (tools/chaos/chaos.sh); {@code xmodal.chaos.faults=NODE_KILL,DB_KILL}
 * overrides the list of faults, {@code xmodal.chaos.subset-to} the examples per run, and
 * {@code xmodal.chaos.synchronous-commit} the database's (on by default, with fsync: commits are durable, as on a
 * production server; the embedded test default is off, which lets a killed server lose acknowledged commits).
 * Faults of one kind vary in length from one repetition to the next (the lists below, taken in turn).
 */
record ChaosPlan(String mode, List<Fault> faults, int subsetTo, int shardSize, int batchSize, List<String> models,
                 List<Duration> pauses, List<Duration> readOnly, List<Duration> databaseDown, Duration recoveryBound, Duration endSlack,
                 Map<String, String> databaseSettings) {
    private static final List<Fault> SHORT = List.of(Fault.NODE_KILL, Fault.DB_READ_ONLY, Fault.NODE_TERM, Fault.DB_KILL,
            Fault.NODE_PAUSE, Fault.CONNECTION_CUT, Fault.DB_RESTART, Fault.MODEL_REPLACED);

    static ChaosPlan fromSystemProperties() {
        boolean long_ = "long".equals(System.getProperty("xmodal.chaos", "short"));
        List<Fault> faults = long_ ? rounds(3) : SHORT;
        String chosen = System.getProperty("xmodal.chaos.faults", "");
        if (!chosen.isBlank()) {
            faults = Arrays.stream(chosen.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Fault::valueOf).toList();
        }
        int subsetTo = Integer.getInteger("xmodal.chaos.subset-to", long_ ? 1500 : 512);
        return new ChaosPlan(long_ ? "long" : "short", faults, subsetTo, long_ ? 250 : 128, 32,
                long_ ? List.of("demo-single", "demo-dual", "demo-text") : List.of("demo-single"),
                seconds(long_ ? List.of(30, 15, 45) : List.of(15)), seconds(long_ ? List.of(45, 30, 60) : List.of(30)),
                seconds(long_ ? List.of(5, 15, 1) : List.of(5)), Duration.ofSeconds(120), Duration.ofSeconds(120),
                Map.of("fsync", "on", "synchronous_commit", System.getProperty("xmodal.chaos.synchronous-commit", "on")));
    }

    /** Every kind of fault, {@code n} times, kinds interleaved so that each round meets the cluster as the last one left it. */
    private static List<Fault> rounds(int n) {
        List<Fault> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.addAll(List.of(Fault.values()));
        }
        return all;
    }

    private static List<Duration> seconds(List<Integer> values) {
        return values.stream().map(Duration::ofSeconds).toList();
    }

    /** The length of the {@code repetition}-th fault of a kind that lasts. */
    static Duration pick(List<Duration> lengths, int repetition) {
        return lengths.get(repetition % lengths.size());
    }

    /** The demo experiment that every sweep of the run executes. */
    Map<String, Object> experiment(String name, List<String> modelNames) {
        return Map.of("name", name, "dataset", "demo-val", "models", modelNames, "directions", List.of("vis4lang", "lang4vis"),
                "options", Map.of("subsetTo", subsetTo, "shardSize", shardSize, "batchSize", batchSize));
    }
}
