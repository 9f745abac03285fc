package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Demo;
import org.xmodal.testing.NodeProcess;

/**
 * A node on its embedded PostgreSQL, as {@code xmodal serve} starts it: the database killed with SIGKILL comes back
 * under the live node, whose API answers again without a node restart; the node killed with SIGKILL takes its
 * database with it, and the next node on the same home starts at its first try; a normal stop leaves nothing running.
 */
class DatabaseSupervisionIT {
    private static final Path JAR = Path.of(System.getProperty("xmodal.app.jar", "target/quarkus-app/quarkus-run.jar"));
    /** The stated bound: SIGKILL of the database to the API's first 200 again. */
    private static final Duration API_BACK_WITHIN = Duration.ofSeconds(20);

    @Test
    void theDatabaseRestartsUnderALiveNodeAndDiesWithAKilledOne() throws Exception {
        Path logs = Demo.root().resolve("target/supervision-it");
        Path data = logs.resolve("supervised").resolve("postgres");
        NodeProcess node = NodeProcess.startEmbedded(JAR, logs, "supervised");
        try {
            assertThat(status(node, "/api/sweeps")).isEqualTo(200);
            long killed = PostmasterPidFile.read(data).orElseThrow().pid();
            ServerProcesses.signal(killed, "KILL");
            long start = System.nanoTime();
            await().atMost(API_BACK_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> status(node, "/api/sweeps") == 200
                    && PostmasterPidFile.read(data).map(f -> f.pid() != killed && f.serverAlive()).orElse(false));
            System.out.printf("the API answered 200 again %d ms after SIGKILL of the embedded PostgreSQL (bound %d s)%n",
                    (System.nanoTime() - start) / 1_000_000, API_BACK_WITHIN.toSeconds());
            assertThat(node.send(HttpRequest.newBuilder(URI.create(node.url() + "/q/metrics"))).body())
                    .contains("# HELP xmodal_database_restarts_total Restarts of the embedded PostgreSQL")
                    .contains("xmodal_database_restarts_total 1.0");
            String log = Files.readString(logs.resolve("supervised.log"));
            assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("died; starting it again"))).hasSize(1);
            assertThat(log.lines().filter(l -> l.contains("INFO") && l.contains("is back on port"))).hasSize(1);

            node.kill();
            long nodeKilled = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> ServerProcesses.of(data).isEmpty());
            System.out.printf("the database stopped %d ms after SIGKILL of its node%n", (System.nanoTime() - nodeKilled) / 1_000_000);
        } finally {
            node.kill();
            // the next node on this home writes the same log file
            Files.copy(logs.resolve("supervised.log"), logs.resolve("supervised-killed.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (NodeProcess again = NodeProcess.startEmbedded(JAR, logs, "supervised")) {
            assertThat(status(again, "/api/sweeps")).as("the first start after SIGKILL of the node").isEqualTo(200);
        }
        EmbeddedDatabaseCrashTest.assertNothingLeft(data);
    }

    private static int status(NodeProcess node, String path) {
        try {
            return node.send(HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(10))).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
