package org.xmodal.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.xmodal.testing.Demo;

/**
 * Two application nodes in separate JVMs on one PostgreSQL share a sweep's shards through Quartz's clustered
 * job store. One node is killed with SIGKILL in the middle of a shard; the survivor recovers the shard, resumes
 * it after its last committed chunk, and the sweep ends with exactly one row per (run, condition, example) and
 * aggregates identical to those of an uninterrupted sweep.
 */
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int EXAMPLES = 2400;
    private static final int SHARD = 300;
    private static EmbeddedDatabase database;
    private static final List<Process> nodes = new ArrayList<>();

    @BeforeAll
    static void database() throws IOException {
        database = EmbeddedDatabase.start(Files.createTempDirectory("xmodal-cluster-pg"));
    }

    @AfterAll
    static void stop() {
        nodes.forEach(Process::destroyForcibly);
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aShardOfAKilledNodeIsRecoveredByTheSurvivor() throws Exception {
        String a = start("node-a");
        String b = start("node-b");
        Process nodeB = nodes.get(1);
        long experiment = post(a, "/api/experiments", Map.of("name", "cluster", "dataset", "demo-val",
                "models", List.of("demo-single"), "directions", List.of("vis4lang"),
                "options", Map.of("subsetTo", EXAMPLES, "shardSize", SHARD, "batchSize", 32))).path("id").asLong();
        long sweep = post(a, "/api/experiments/" + experiment + "/sweeps", null).path("id").asLong();

        Set<String> workersSeen = new HashSet<>();
        AtomicReference<JsonNode> victim = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode shard : get(a, "/api/sweeps/" + sweep + "/shards")) {
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
        nodeB.destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        long shardId = victim.get().path("id").asLong();
        int committedAtKill = committed(shardId);

        AtomicReference<JsonNode> recovered = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode shard : get(a, "/api/sweeps/" + sweep + "/shards")) {
                if (shard.path("id").asLong() == shardId && shard.path("worker").asText().startsWith("node-a/")) {
                    recovered.set(shard);
                }
            }
            return recovered.get() != null;
        });
        double recoverySeconds = (System.nanoTime() - killedAt) / 1e9;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> terminal(get(a, "/api/sweeps/" + sweep).path("state").asText()));
        JsonNode done = get(a, "/api/sweeps/" + sweep);
        System.out.printf("cluster: shards ran on %s; node-b killed in shard %d with %d of %d examples committed; "
                        + "recovered by node-a after %.1f s (attempt %d resumed at example %d of the shard; work redone: at most "
                        + "the one uncommitted chunk of %d examples)%n",
                workersSeen, shardId, committedAtKill, SHARD, recoverySeconds, recovered.get().path("attempts").asInt(), committedAtKill, 32);

        assertThat(done.path("state").asText()).isEqualTo("succeeded");
        assertThat(workersSeen).contains("node-a", "node-b");
        long run = done.path("runs").get(0).path("id").asLong();
        assertThat(query("SELECT count(*) FROM result WHERE run_id = " + run)).isEqualTo(List.of(List.of((long) EXAMPLES * 12)));
        assertThat(query("SELECT count(DISTINCT (condition_index, example)) FROM result WHERE run_id = " + run))
                .isEqualTo(List.of(List.of((long) EXAMPLES * 12)));

        long again = post(a, "/api/experiments/" + experiment + "/sweeps", null).path("id").asLong();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> terminal(get(a, "/api/sweeps/" + again).path("state").asText()));
        long uninterrupted = get(a, "/api/sweeps/" + again).path("runs").get(0).path("id").asLong();
        assertThat(aggregates(run)).isEqualTo(aggregates(uninterrupted)).hasSize(12);
    }

    private static String start(String name) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createDirectories(Demo.root().resolve("target/cluster-it")).resolve(name + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-jar", System.getProperty("xmodal.app.jar"), "serve", "--database-url", database.jdbcUrl(),
                "--port", Integer.toString(port), "--node-name", name, "--threads", "1",
                "--home", Demo.root().resolve("target/cluster-it/" + name).toString())
                .directory(Demo.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        nodes.add(process);
        String url = "http://localhost:" + port;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200 && process.isAlive());
        return url;
    }

    private static int committed(long shardId) throws SQLException {
        return ((Number) query("SELECT examples_done FROM shard WHERE id = " + shardId).get(0).get(0)).intValue();
    }

    private static List<List<Object>> aggregates(long run) throws SQLException {
        return query("SELECT condition_index, metric, n, mean_nats, std_nats FROM aggregate WHERE run_id = " + run
                + " ORDER BY condition_index, metric").stream().map(r -> r.subList(0, 5)).toList();
    }

    private static List<List<Object>> query(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static boolean terminal(String state) {
        return state.equals("succeeded") || state.equals("failed") || state.equals("cancelled");
    }

    private static JsonNode get(String base, String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static JsonNode post(String base, String path, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}
