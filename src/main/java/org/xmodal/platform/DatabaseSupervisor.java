package org.xmodal.platform;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps a node's embedded PostgreSQL up while the node runs: checks every second that its server is alive and,
 * when it died, starts it again on the same port and data folder ({@link EmbeddedDatabase#restart()}), so that the
 * JDBC URL of the pool and of Quartz stays valid; failed tries are repeated with back-off. One WARN line per death (and per failed try), one INFO
 * line per recovery, no stack traces. Runs outside CDI: the database starts before the application.
 */
public final class DatabaseSupervisor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DatabaseSupervisor.class);
    /** Never gives up while the node runs: from 1 s between tries, doubling, up to 30 s. */
    public static final RetryPolicy RESTARTS = new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));
    public static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private final ScheduledExecutorService timer;
    private final RetryPolicy policy;
    private final Clock clock;
    private final EmbeddedDatabase database;
    private Instant diedAt;
    private Instant nextTry;
    private int failedTries;

    private DatabaseSupervisor(EmbeddedDatabase database, RetryPolicy policy, Clock clock) {
        this.database = database;
        this.policy = policy;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "xmodal-database-supervisor");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Supervises {@code database} from now on, checking every {@code checkEvery}; {@link #close()} stops both. */
    public static DatabaseSupervisor watch(EmbeddedDatabase database, RetryPolicy policy, Duration checkEvery, Clock clock) {
        DatabaseSupervisor supervisor = new DatabaseSupervisor(database, policy, clock);
        supervisor.timer.scheduleWithFixedDelay(supervisor::check, checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
        return supervisor;
    }

    private void check() {
        if (diedAt == null) {
            if (database.alive()) {
                return;
            }
            diedAt = clock.instant();
            LOG.warnf("the embedded PostgreSQL in %s (pid %d) died; starting it again on port %d",
                    database.dataDirectory(), database.serverPid(), database.port());
        }
        if (nextTry != null && clock.instant().isBefore(nextTry)) {
            return;
        }
        try {
            database.restart();
            DatabaseRestarts.record();
            LOG.infof("the embedded PostgreSQL in %s is back on port %d (pid %d), %d ms after it was found dead",
                    database.dataDirectory(), database.port(), database.serverPid(), Duration.between(diedAt, clock.instant()).toMillis());
            diedAt = null;
            nextTry = null;
            failedTries = 0;
        } catch (IOException | RuntimeException e) {
            failedTries++;
            Duration wait = policy.backoffAfter(failedTries);
            nextTry = clock.instant().plus(wait);
            LOG.warnf("try %d to start the embedded PostgreSQL again failed, next in %d s: %s", failedTries, wait.toSeconds(), e.getMessage());
        }
    }

    /** Stops supervising (a restart under way is let finish), then stops the database. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }
}
