package org.xmodal.chaos;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.xmodal.testing.Demo;
import org.xmodal.testing.NamedCopies;

/**
 * Runs faults one at a time, each on a sweep of its own: submit the sweep, inject the fault inside a shard, let
 * the sweep end by itself (nothing is retried or cancelled by hand unless it overruns its bound, which fails the
 * fault), then check the sweep's rows and aggregates and that both nodes are ready again.
 */
final class Campaign {
    private static final Duration RELEASE_BOUND = Duration.ofSeconds(5);
    private final ChaosCluster cluster;
    private final ChaosPlan plan;
    private final Injector injector;
    private final long experiment;
    private final SweepCheck.Reference reference;

    Campaign(ChaosCluster cluster, ChaosPlan plan, long experiment, SweepCheck.Reference reference) {
        this.cluster = cluster;
        this.plan = plan;
        this.injector = new Injector(cluster, plan);
        this.experiment = experiment;
        this.reference = reference;
    }

    /** How long after the end of its fault a sweep must have ended: twice the undisturbed sweep, plus the slack. */
    Duration endBound() {
        return reference.duration().multipliedBy(2).plus(plan.endSlack());
    }

    /** What a fault's sweep runs: an experiment, and for the model fault the model file it replaces. */
    private record Target(long experiment, Path modelFile, UnaryOperator<String> referenceModel) {
    }

    Outcome run(Fault fault, int repetition) throws Exception {
        Target target = fault == Fault.MODEL_REPLACED ? modelCopy(repetition) : new Target(experiment, null, UnaryOperator.identity());
        long sweepId = cluster.post("/api/experiments/" + target.experiment() + "/sweeps", null).path("id").asLong();
        List<String> problems = new ArrayList<>();
        try (ShardTimeline timeline = new ShardTimeline(cluster.database()::data, sweepId)) {
            Hit hit;
            try {
                hit = injector.inject(fault, repetition, timeline, target.modelFile());
            } catch (IllegalStateException e) {
                problems.add(e.getMessage());
                awaitEnd(timeline, endBound());
                problems.addAll(cluster.settle());
                return Outcome.failed(fault, repetition, sweepId, problems);
            }
            problems.addAll(hit.problems());
            if (!awaitEnd(timeline, endBound())) {
                problems.add("did not end within " + endBound().toSeconds() + " s of the fault; shards: " + describe(timeline));
                cancel(sweepId, problems);
                awaitEnd(timeline, Duration.ofMinutes(1));
            }
            problems.addAll(cluster.settle());
            return measure(fault, repetition, target, timeline, hit, problems);
        } catch (Exception e) {
            problems.add("the test could not go on: " + e);
            problems.addAll(cluster.settle());
            return Outcome.failed(fault, repetition, sweepId, problems);
        }
    }

    /** The manual step that a sweep over its bound needs, so that the next fault meets a free cluster. */
    private void cancel(long sweepId, List<String> problems) {
        try {
            cluster.post("/api/sweeps/" + sweepId + "/cancel", null);
            problems.add("cancelled by the test");
        } catch (Exception | AssertionError e) {
            problems.add("cancel failed: " + e.getMessage());
        }
    }

    private Outcome measure(Fault fault, int repetition, Target target, ShardTimeline timeline, Hit hit, List<String> problems) throws Exception {
        problems.addAll(Expectations.end(fault, cluster.get("/api/sweeps/" + timeline.sweepId()), timeline, hit));
        Optional<Instant> ended = timeline.endedAt();
        Duration toEnd = ended.map(e -> Duration.between(hit.end(), e)).orElse(null);
        Duration recovery = fault == Fault.MODEL_REPLACED ? toEnd : Recovery.recovery(timeline, hit).orElse(null);
        if (recovery == null || recovery.compareTo(plan.recoveryBound()) > 0) {
            problems.add("not recovered within " + plan.recoveryBound().toSeconds() + " s" + (recovery == null ? "" : ": " + recovery.toSeconds() + " s"));
        }
        if (fault == Fault.NODE_TERM && hit.released() != null) {
            Duration held = Recovery.heldAfterExit(timeline, hit);
            if (held.compareTo(RELEASE_BOUND) > 0) {
                problems.add("its shard stayed running under the stopped node's attempt " + held.toSeconds() + " s after the node exited");
            }
        }
        SweepCheck.Verdict verdict = SweepCheck.check(cluster.database().data(), timeline.sweepId(), reference, target.referenceModel());
        problems.addAll(verdict.problems());
        String detail = fault == Fault.NODE_PAUSE ? hit.detail() + (Recovery.takenOver(timeline, hit) ? ", taken over" : ", not taken over") : hit.detail();
        return new Outcome(fault, repetition, detail, hit.victim(), timeline.sweepId(), recovery, toEnd,
                fault == Fault.MODEL_REPLACED ? 0 : Recovery.redone(timeline, hit, plan.batchSize()), verdict.lost(), verdict.duplicated(), problems);
    }

    /** A fresh copy of demo-single under the nodes' model root, registered, and an experiment of the plan's shape on it. */
    private Target modelCopy(int repetition) throws Exception {
        String name = "chaos-copy-" + repetition;
        Path dir = Demo.root().resolve(ChaosCluster.MODEL_ROOT).resolve(name);
        NamedCopies.writeModel(dir, name);
        cluster.post("/api/models", Map.of("path", name + "/model.json")); // relative to a registry root
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> name.equals(cluster.get("/api/models/" + name).path("name").asText()));
        long id = cluster.post("/api/experiments", plan.experiment("chaos: model replaced " + repetition, List.of(name))).path("id").asLong();
        return new Target(id, dir.resolve("model.pt"), model -> model.equals(name) ? "demo-single" : model);
    }

    private static boolean awaitEnd(ShardTimeline timeline, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> timeline.endedAt().isPresent());
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static String describe(ShardTimeline timeline) {
        return timeline.latest().entrySet().stream().filter(e -> !"succeeded".equals(e.getValue().state()))
                .map(e -> e.getKey() + " " + e.getValue().state() + " attempt " + e.getValue().attempts() + " at " + e.getValue().done()
                        + (e.getValue().worker() == null ? "" : " on " + e.getValue().worker())
                        + (e.getValue().error() == null ? "" : " (" + e.getValue().error() + ")"))
                .collect(Collectors.joining("; "));
    }
}
