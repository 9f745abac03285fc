package org.xmodal.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.core.ConditionTimeoutException;
import org.xmodal.platform.EmbeddedDatabase;
import org.xmodal.testing.Sql;

/**
 * The cluster's PostgreSQL and the faults that hit it: SIGKILL, a clean restart (both on the same port, which the
 * nodes' JDBC URL names), a read-only period, and cutting one node's connections.
 */
final class ChaosDatabase implements AutoCloseable {
    private final Path dataDirectory;
    private final Map<String, String> settings;
    private volatile EmbeddedDatabase server;
    private final int port;

    private ChaosDatabase(Path dataDirectory, Map<String, String> settings, EmbeddedDatabase server) {
        this.dataDirectory = dataDirectory;
        this.settings = settings;
        this.server = server;
        this.port = server.port();
    }

    /** Starts the server with {@code settings} over the embedded ones, now and on every restart. */
    static ChaosDatabase start(Path dataDirectory, Map<String, String> settings) {
        return new ChaosDatabase(dataDirectory, settings, EmbeddedDatabase.start(dataDirectory, settings));
    }

    EmbeddedDatabase server() {
        return server;
    }

    /** The application's role on the application database: what the nodes write, read by the checks. */
    DataSource data() {
        return server.dataSource();
    }

    /** SIGKILL of the postmaster; returns once it is gone. */
    void kill() throws IOException, InterruptedException {
        long pid = server.serverPid();
        Process kill = new ProcessBuilder("kill", "-s", "KILL", Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -s KILL " + pid + " failed");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> !server.alive());
    }

    /** A clean (fast) shutdown, as {@code pg_ctl stop -m fast} does it. */
    void stop() {
        server.close();
    }

    /**
     * Starts the server again on its port, after {@link #kill()} (the dead server's handle is let go of) or
     * {@link #stop()}. Tries for up to a minute (the killed server's last backends may still be leaving).
     */
    void startAgain() {
        RuntimeException[] last = new RuntimeException[1];
        try {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                try {
                    server = EmbeddedDatabase.start(dataDirectory, settings, port);
                    return true;
                } catch (RuntimeException e) {
                    last[0] = e;
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not start again on port " + port + " within a minute", last[0]);
        }
    }

    /** {@code default_transaction_read_only} for every session, set and reloaded (a session of its own sets it off to undo it). */
    void readOnly(boolean on) throws SQLException {
        try (Connection c = server.superuserDataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
            s.execute(on ? "ALTER SYSTEM SET default_transaction_read_only = on" : "ALTER SYSTEM RESET default_transaction_read_only");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /** Terminates every backend of the node whose connections carry {@code applicationName}; returns how many. */
    long cutConnections(String applicationName) throws SQLException {
        return Sql.number(server.superuserDataSource("postgres"),
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?", applicationName);
    }

    @Override
    public void close() {
        server.close();
    }
}
