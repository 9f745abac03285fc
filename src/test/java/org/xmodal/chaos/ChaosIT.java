package org.xmodal.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.Demo;

/**
 * The chaos suite: faults injected into sweeps of the demo experiment on a 2-node cluster (SIGKILL, SIGSTOP and
 * SIGTERM of a node, its connections cut, PostgreSQL killed, restarted or read-only, a model file replaced).
 * Every sweep must end by itself within its bound, with exactly one row per (run, condition, example) and the
 * rows and aggregates of an undisturbed sweep; the model fault's sweep must fail with the reason. {@code mvn
 * verify} runs the short version (one fault of most kinds); {@code tools/chaos/chaos.sh} the long one
 * ({@code -Dxmodal.chaos=long}: every kind three times). The report goes to stdout and
 * {@code target/chaos/report-<mode>.md}; the nodes' logs to {@code target/chaos/nodes}.
 */
@Tag("chaos")
class ChaosIT {

    @Test
    void everySweepEndsByItselfWithExactlyTheRowsOfAnUndisturbedSweep() throws Exception {
        ChaosPlan plan = ChaosPlan.fromSystemProperties();
        Instant began = Instant.now();
        Path work = Demo.root().resolve("target/chaos");
        Files.createDirectories(work);
        List<Outcome> outcomes = new ArrayList<>();
        SweepCheck.Reference reference;
        Duration endBound;
        Path jar = Path.of(System.getProperty("xmodal.app.jar"));
        Path database = Files.createTempDirectory("xmodal-chaos-pg");
        try (ChaosCluster cluster = ChaosCluster.start(jar, database.resolve("postgres"), plan.databaseSettings(), work.resolve("nodes"))) {
            long experiment = cluster.post("/api/experiments", plan.experiment("chaos: demo", plan.models())).path("id").asLong();
            reference = reference(cluster, experiment);
            Campaign campaign = new Campaign(cluster, plan, experiment, reference);
            endBound = campaign.endBound();
            Map<Fault, Integer> repetitions = new EnumMap<>(Fault.class);
            for (Fault fault : plan.faults()) {
                int repetition = repetitions.merge(fault, 1, Integer::sum) - 1;
                Instant start = Instant.now();
                Outcome outcome = campaign.run(fault, repetition);
                System.out.printf("chaos: %s #%d on sweep %d (%d s): %s%n", fault, repetition + 1, outcome.sweepId(),
                        Duration.between(start, Instant.now()).toSeconds(), outcome.passed() ? "pass" : "FAIL " + outcome.problems());
                outcomes.add(outcome);
            }
        } finally {
            try (var files = Files.walk(database)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        String report = ChaosReport.markdown(plan, reference, endBound, outcomes, Duration.between(began, Instant.now()));
        Files.writeString(work.resolve("report-" + plan.mode() + ".md"), report);
        System.out.println(report);
        assertThat(outcomes).as(report).isNotEmpty().allMatch(Outcome::passed);
    }

    /** One undisturbed sweep of the experiment: the rows and aggregates every other sweep must reproduce, and its duration. */
    private static SweepCheck.Reference reference(ChaosCluster cluster, long experiment) throws Exception {
        Instant submitted = Instant.now();
        long sweep = cluster.post("/api/experiments/" + experiment + "/sweeps", null).path("id").asLong();
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> Api.terminal(cluster.get("/api/sweeps/" + sweep).path("state").asText()));
        Duration took = Duration.between(submitted, Instant.now());
        assertThat(cluster.get("/api/sweeps/" + sweep).path("state").asText()).as("the undisturbed sweep").isEqualTo("succeeded");
        SweepCheck.Reference reference = SweepCheck.Reference.of(cluster.database().data(), sweep, took);
        assertThat(SweepCheck.check(cluster.database().data(), sweep, reference, m -> m).problems()).as("the undisturbed sweep").isEmpty();
        System.out.printf("chaos: undisturbed sweep %d took %.1f s%n", sweep, took.toMillis() / 1000.0);
        return reference;
    }
}
