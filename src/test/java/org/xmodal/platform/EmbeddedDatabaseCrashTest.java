package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash leaves of the embedded PostgreSQL, against real servers: the server of a JVM killed with SIGKILL
 * stops with it (its watchdog), and the next start on the folder succeeds at its first try, whether that server
 * stopped or was orphaned (watchdog killed too), and whatever a killed server left behind. A folder in use is refused.
 */
class EmbeddedDatabaseCrashTest {
    private static final Duration WATCHDOG_BOUND = Duration.ofSeconds(15);

    /** One folder for every test (each leaves it with nothing running): initdb once. */
    @TempDir
    static Path dir;

    @Test
    void theServerOfAKilledJvmStopsWithItAndTheNextStartSucceedsAtOnce() throws Exception {
        Path data = dir.resolve("postgres");
        try (DatabaseChild child = DatabaseChild.start(data, dir.resolve("child.log"))) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(data)).as("a folder whose node lives")
                    .isInstanceOfSatisfying(XmodalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessageContaining("the running xmodal process " + child.pid()).hasMessageContaining("--home")
                    .hasMessageNotContaining("\n");
            assertThat(ServerProcesses.isServerOf(child.serverPid(), data)).as("the refused start left the server alone").isTrue();

            child.kill();
            long killed = System.nanoTime();
            await().atMost(WATCHDOG_BOUND).pollInterval(Duration.ofMillis(50)).until(() -> ServerProcesses.of(data).isEmpty());
            System.out.printf("the watchdog stopped the server %d ms after its JVM was killed%n", (System.nanoTime() - killed) / 1_000_000);
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data)) {
            assertThat(selectOne(again)).isEqualTo(1);
        }
        assertNothingLeft(data);
    }

    @Test
    void anOrphanWhoseWatchdogWasKilledTooIsStoppedByTheNextStart() throws Exception {
        Path data = dir.resolve("postgres");
        long orphan;
        try (DatabaseChild child = DatabaseChild.start(data, dir.resolve("child.log"))) {
            orphan = child.serverPid();
            ProcessHandle watchdog = child.watchdog();
            watchdog.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> !watchdog.isAlive());
            child.kill();
        }
        assertThat(ServerProcesses.isServerOf(orphan, data)).as("an orphaned server, as a crash of node and watchdog leaves it").isTrue();

        try (EmbeddedDatabase again = EmbeddedDatabase.start(data)) {
            assertThat(again.serverPid()).isNotEqualTo(orphan);
            assertThat(ServerProcesses.isServerOf(orphan, data)).as("the orphan").isFalse();
            assertThat(selectOne(again)).isEqualTo(1);
        }
        assertNothingLeft(data);
    }

    @Test
    void aKilledServerStartsAgainOnTheSamePortAndFolder() throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedDatabase first = EmbeddedDatabase.start(data, Map.of(), 0);
        int port = first.port();
        long killedPid = first.serverPid();
        assertThat(first.alive()).isTrue();
        ServerProcesses.signal(killedPid, "KILL");
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.alive());

        try (EmbeddedDatabase again = EmbeddedDatabase.start(data, Map.of(), port)) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(again.jdbcUrl()).isEqualTo(first.jdbcUrl());
            assertThat(again.serverPid()).isNotEqualTo(killedPid);
            assertThat(selectOne(again)).isEqualTo(1);
            first.close(); // a stale handle: closing it must not touch the new server
            assertThat(again.alive()).isTrue();
        }
        assertNothingLeft(data);
    }

    @Test
    void aSecondStartOnAFolderWhoseServerRunsInThisJvmIsRefused() {
        Path data = dir.resolve("postgres");
        try (EmbeddedDatabase running = EmbeddedDatabase.start(data)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(data)).isInstanceOf(XmodalException.class)
                    .hasMessageContaining("already runs in this process");
            assertThat(running.alive()).isTrue();
        }
        assertNothingLeft(data);
    }

    static int selectOne(EmbeddedDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** No server process of the folder and no watchdog over it: a normal stop leaves nothing running. */
    static void assertNothingLeft(Path data) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(ServerProcesses.of(data)).as("server processes of " + data).isEmpty();
            assertThat(watchdogsOf(data)).as("watchdogs over " + data).isEmpty();
        });
    }

    static List<ProcessHandle> watchdogsOf(Path data) {
        String folder = ServerProcesses.real(data).toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(line -> line.contains("xmodal-postgres-watchdog") && line.endsWith(folder)).orElse(false)).toList();
    }
}
