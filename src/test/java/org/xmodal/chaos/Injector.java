package org.xmodal.chaos;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.xmodal.testing.Demo;
import org.xmodal.testing.NodeProcess;

/**
 * Injects one fault into a running sweep, at a moment when it lands inside a shard: the node (or, for a database
 * fault, some node) is running a shard that has committed at least one chunk and has at least two left. A node
 * that the fault stopped is started again in the background.
 */
final class Injector {
    private static final Duration NO_MOMENT_AFTER = Duration.ofMinutes(3);
    private static final Duration EXIT_BOUND = Duration.ofSeconds(60);
    private final ChaosCluster cluster;
    private final ChaosPlan plan;

    Injector(ChaosCluster cluster, ChaosPlan plan) {
        this.cluster = cluster;
        this.plan = plan;
    }

    /** The shards to hit, as they stood when chosen. */
    private record Moment(String victim, Map<Long, ShardTimeline.Sample> before, Set<Long> affected) {
    }

    /** Injects {@code fault} (its {@code repetition}-th time); {@code modelFile} is the TorchScript copy that the model fault replaces. */
    Hit inject(Fault fault, int repetition, ShardTimeline timeline, Path modelFile) throws Exception {
        Moment moment = awaitMoment(fault, repetition, timeline);
        List<String> problems = new ArrayList<>();
        Instant start = Instant.now();
        String detail = "";
        Instant released = null;
        switch (fault) {
            case NODE_KILL -> {
                cluster.node(moment.victim()).kill();
                cluster.restartLater(moment.victim());
            }
            case NODE_PAUSE -> {
                Duration pause = ChaosPlan.pick(plan.pauses(), repetition);
                NodeProcess node = cluster.node(moment.victim());
                node.pause();
                holdFor(pause, node::alive);
                node.resume();
                detail = pause.toSeconds() + " s";
            }
            case NODE_TERM -> released = terminate(moment.victim(), problems);
            case CONNECTION_CUT -> detail = cluster.database().cutConnections(moment.victim()) + " connections";
            case DB_KILL -> {
                Duration down = ChaosPlan.pick(plan.databaseDown(), repetition);
                cluster.database().kill();
                holdFor(down, () -> !cluster.database().server().alive());
                cluster.database().startAgain();
                detail = "down " + down.toSeconds() + " s";
            }
            case DB_RESTART -> {
                cluster.database().stop();
                cluster.database().startAgain();
            }
            case DB_READ_ONLY -> {
                Duration readOnly = ChaosPlan.pick(plan.readOnly(), repetition);
                cluster.database().readOnly(true);
                holdFor(readOnly, () -> true);
                cluster.database().readOnly(false);
                detail = readOnly.toSeconds() + " s";
            }
            case MODEL_REPLACED -> {
                Files.write(modelFile, Files.readAllBytes(Demo.models().resolve("demo-dual.pt")));
                detail = "demo-single copy overwritten in place with demo-dual";
            }
        }
        return new Hit(fault, detail, moment.victim(), start, Instant.now(), moment.before(), moment.affected(), problems, released);
    }

    /** SIGTERM, then: the node must exit 0 within the bound, with no ERROR line logged after the signal. Returns when it had exited. */
    private Instant terminate(String name, List<String> problems) throws Exception {
        NodeProcess node = cluster.node(name);
        long mark = node.logSize();
        node.terminate();
        OptionalInt status = node.awaitExit(EXIT_BOUND);
        Instant exited = Instant.now();
        if (status.isEmpty()) {
            problems.add(name + " still ran " + EXIT_BOUND.toSeconds() + " s after SIGTERM; killed");
            node.kill();
        } else if (status.getAsInt() != 0) {
            problems.add(name + " exited with status " + status.getAsInt() + " after SIGTERM");
        }
        List<String> errors = node.logSince(mark).lines().filter(l -> l.contains(" ERROR ")).toList();
        if (!errors.isEmpty()) {
            problems.add(errors.size() + " ERROR lines after SIGTERM, the first: " + errors.get(0).strip());
        }
        cluster.restartLater(name);
        return exited;
    }

    /** Keeps a fault in place for {@code length}, failing if what should hold meanwhile ({@code holds}) does not. */
    private static void holdFor(Duration length, java.util.concurrent.Callable<Boolean> holds) {
        await().during(length).atMost(length.plusSeconds(5)).pollInterval(Duration.ofMillis(500)).until(holds);
    }

    private Moment awaitMoment(Fault fault, int repetition, ShardTimeline timeline) {
        AtomicReference<Moment> found = new AtomicReference<>();
        try {
            await().atMost(NO_MOMENT_AFTER).pollInterval(Duration.ofMillis(100))
                    .until(() -> found.updateAndGet(m -> moment(fault, repetition, timeline)) != null || timeline.endedAt().isPresent());
        } catch (ConditionTimeoutException e) {
            // reported below
        }
        if (found.get() == null) {
            throw new IllegalStateException("no moment to inject " + fault + " within " + NO_MOMENT_AFTER.toMinutes()
                    + " min: the sweep is " + timeline.sweepState() + ", shards " + timeline.latest());
        }
        return found.get();
    }

    private Moment moment(Fault fault, int repetition, ShardTimeline timeline) {
        Map<Long, ShardTimeline.Sample> now = timeline.latest();
        Set<Long> running = now.entrySet().stream().filter(e -> "running".equals(e.getValue().state())).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        boolean midShard = running.stream().anyMatch(id -> midShard(now.get(id), timeline.range(id)));
        switch (fault.aim) {
            case NODE -> {
                for (int i = 0; i < ChaosCluster.NODES.size(); i++) {
                    String node = ChaosCluster.NODES.get((repetition + i) % ChaosCluster.NODES.size());
                    Set<Long> own = running.stream().filter(id -> now.get(id).runningOn(node)).collect(Collectors.toSet());
                    if (own.stream().anyMatch(id -> midShard(now.get(id), timeline.range(id)))) {
                        return new Moment(node, now, own);
                    }
                }
                return null;
            }
            case DATABASE -> {
                return midShard ? new Moment(null, now, running) : null;
            }
            default -> {
                boolean started = now.values().stream().anyMatch(s -> s.done() >= plan.batchSize());
                boolean waiting = now.values().stream().anyMatch(s -> "queued".equals(s.state()));
                return started && waiting ? new Moment(null, now, Set.of()) : null;
            }
        }
    }

    private boolean midShard(ShardTimeline.Sample sample, ShardTimeline.Range range) {
        return sample.done() >= plan.batchSize() && sample.done() <= range.size() - 2 * plan.batchSize();
    }
}
