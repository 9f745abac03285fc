package org.xmodal.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xmodal.platform.EmbeddedDatabase;
import org.xmodal.testing.Api;
import org.xmodal.testing.Demo;
import org.xmodal.testing.NodeProcess;
import org.xmodal.testing.Sql;

/**
 * Two application nodes in separate JVMs on one PostgreSQL share a sweep's shards through Quartz's clustered
 * job store. One node is killed with SIGKILL in the middle of a shard; the survivor recovers the shard, resumes
 * it after its last committed chunk, and the sweep ends with exactly one row per (run, condition, example) and
 * aggregates identical to those of an uninterrupted sweep.
 */
class ClusterIT {
    private static final int EXAMPLES = 2400;
    private static final int SHARD = 300;
    private static EmbeddedDatabase database;
    private static final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void database() throws IOException {
        database = EmbeddedDatabase.start(Files.createTempDirectory("xmodal-cluster-pg").resolve("postgres"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.kill();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aShardOfAKilledNodeIsRecoveredByTheSurvivor() throws Exception {
        NodeProcess a = start("node-a");
        NodeProcess nodeB = start("node-b");
        long experiment = a.post("/api/experiments", Map.of("name", "cluster", "dataset", "demo-val",
                "models", List.of("demo-single"), "directions", List.of("vis4lang"),
                "options", Map.of("subsetTo", EXAMPLES, "shardSize", SHARD, "batchSize", 32))).path("id").asLong();
        long sweep = a.post("/api/experiments/" + experiment + "/sweeps", null).path("id").asLong();

        Set<String> workersSeen = new HashSet<>();
        AtomicReference<JsonNode> victim = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode shard : a.get("/api/sweeps/" + sweep + "/shards")) {
                if (shard.hasNonNull("worker")) {
                    workersSeen.add(shard.path("worker").asText().split("/")[0]);
                }
                int done = shard.path("examplesDone").asInt();
                if (shard.path("state").asText().equals("running") && shard.path("worker").asText().startsWith("node-b/")
                        && done > 0 && done < SHARD - 64) {
                    victim.set(shard);
                }
            }
            return victim.get() != null;
        });
        nodeB.kill();
        long killedAt = System.nanoTime();
        long shardId = victim.get().path("id").asLong();
        int committedAtKill = committed(shardId);

        AtomicReference<JsonNode> recovered = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode shard : a.get("/api/sweeps/" + sweep + "/shards")) {
                if (shard.path("id").asLong() == shardId && shard.path("worker").asText().startsWith("node-a/")) {
                    recovered.set(shard);
                }
            }
            return recovered.get() != null;
        });
        double recoverySeconds = (System.nanoTime() - killedAt) / 1e9;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Api.terminal(a.get("/api/sweeps/" + sweep).path("state").asText()));
        JsonNode done = a.get("/api/sweeps/" + sweep);
        System.out.printf("cluster: shards ran on %s; node-b killed in shard %d with %d of %d examples committed; "
                        + "recovered by node-a after %.1f s (attempt %d resumed at example %d of the shard; work redone: at most "
                        + "the one uncommitted chunk of %d examples)%n",
                workersSeen, shardId, committedAtKill, SHARD, recoverySeconds, recovered.get().path("attempts").asInt(), committedAtKill, 32);

        assertThat(done.path("state").asText()).isEqualTo("succeeded");
        assertThat(workersSeen).contains("node-a", "node-b");
        long run = done.path("runs").get(0).path("id").asLong();
        assertThat(count("SELECT count(*) FROM result WHERE run_id = ?", run)).isEqualTo(EXAMPLES * 12L);
        assertThat(count("SELECT count(DISTINCT (condition_index, example)) FROM result WHERE run_id = ?", run)).isEqualTo(EXAMPLES * 12L);

        long again = a.post("/api/experiments/" + experiment + "/sweeps", null).path("id").asLong();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Api.terminal(a.get("/api/sweeps/" + again).path("state").asText()));
        long uninterrupted = a.get("/api/sweeps/" + again).path("runs").get(0).path("id").asLong();
        assertThat(aggregates(run)).isEqualTo(aggregates(uninterrupted)).hasSize(12);
    }

    private static NodeProcess start(String name) throws Exception {
        NodeProcess node = NodeProcess.start(Path.of(System.getProperty("xmodal.app.jar")), database,
                Demo.root().resolve("target/cluster-it"), name, "--threads", "1");
        nodes.add(node);
        return node;
    }

    private static int committed(long shardId) throws SQLException {
        return (int) Sql.number(database.dataSource(), "SELECT examples_done FROM shard WHERE id = ?", shardId);
    }

    private static List<List<Object>> aggregates(long run) throws SQLException {
        return Sql.aggregates(database.dataSource(), run);
    }

    private static long count(String sql, long run) throws SQLException {
        return Sql.number(database.dataSource(), sql, run);
    }
}
