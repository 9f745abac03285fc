package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor of a node's embedded PostgreSQL starts a server that died again, on the same URL, and counts it. */
class DatabaseSupervisorTest {
    private static final RetryPolicy QUICK = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2));

    @Test
    void aServerKilledWithSigkillIsStartedAgainOnTheSameUrl(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedDatabase database = EmbeddedDatabase.start(data, Map.of("fsync", "on"));
        String url = database.jdbcUrl();
        long restartsBefore = DatabaseRestarts.count();
        try (DatabaseSupervisor supervisor = DatabaseSupervisor.watch(database, QUICK, Duration.ofMillis(200), Clock.systemUTC())) {
            for (int death = 1; death <= 2; death++) {
                long killed = database.serverPid();
                ServerProcesses.signal(killed, "KILL");
                long start = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> database.serverPid() != killed && database.alive());
                System.out.printf("death %d: the server was back %d ms after SIGKILL%n", death, (System.nanoTime() - start) / 1_000_000);
                assertThat(database.jdbcUrl()).isEqualTo(url);
                assertThat(selectOne(url, database.credentials())).isEqualTo(1);
                assertThat(DatabaseRestarts.count()).isEqualTo(restartsBefore + death);
            }
        }
        assertThat(database.alive()).as("closing the supervisor stops the database").isFalse();
        EmbeddedDatabaseCrashTest.assertNothingLeft(data);
    }

    private static int selectOne(String url, DatabaseCredentials credentials) throws Exception {
        try (Connection c = DriverManager.getConnection(url, credentials.user(), credentials.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
