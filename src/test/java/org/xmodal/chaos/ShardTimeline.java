package org.xmodal.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.xmodal.testing.Api;

/**
 * What the database says about a sweep's shards, read straight from PostgreSQL every 200 ms (the nodes may be
 * down or frozen) and kept as each shard's history of changes. Reads fail while the database is down; the
 * history then has a gap, as it would for any observer.
 */
final class ShardTimeline implements AutoCloseable {
    private static final String SHARDS = "SELECT s.id, s.first_example, s.end_example, s.state, s.attempts, s.examples_done, s.worker, s.error,"
            + " w.state, s.run_id FROM shard s JOIN run r ON r.id = s.run_id JOIN sweep w ON w.id = r.sweep_id WHERE r.sweep_id = ? ORDER BY s.id";

    /** One shard as seen at one moment. */
    record Sample(Instant at, String state, int attempts, int done, String worker, String error) {
        boolean runningOn(String node) {
            return "running".equals(state) && worker != null && worker.startsWith(node + "/");
        }

        boolean changedFrom(Sample other) {
            return other == null || !state.equals(other.state) || attempts != other.attempts || done != other.done
                    || !String.valueOf(worker).equals(String.valueOf(other.worker));
        }
    }

    /** A shard's range of its run's examples, [first, end). */
    record Range(long runId, int first, int end) {
        int size() {
            return end - first;
        }
    }

    private final Supplier<DataSource> database;
    private final long sweepId;
    private final Map<Long, Range> ranges = new ConcurrentHashMap<>();
    private final Map<Long, List<Sample>> history = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private volatile Instant endedAt;
    private volatile String sweepState = "queued";
    private Connection connection;

    ShardTimeline(Supplier<DataSource> database, long sweepId) {
        this.database = database;
        this.sweepId = sweepId;
        sampler.scheduleWithFixedDelay(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    long sweepId() {
        return sweepId;
    }

    private void sample() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = database.get().getConnection();
            }
            try (PreparedStatement s = connection.prepareStatement(SHARDS)) {
                s.setQueryTimeout(5);
                s.setLong(1, sweepId);
                try (ResultSet rs = s.executeQuery()) {
                    record(rs);
                }
            }
        } catch (SQLException e) {
            closeQuietly(); // down, restarting or cut: the next sample connects again
        }
    }

    private void record(ResultSet rs) throws SQLException {
        Instant now = Instant.now();
        String state = null;
        while (rs.next()) {
            long id = rs.getLong(1);
            ranges.putIfAbsent(id, new Range(rs.getLong(10), rs.getInt(2), rs.getInt(3)));
            Sample sample = new Sample(now, rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getString(7), rs.getString(8));
            List<Sample> seen = history.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
            if (sample.changedFrom(seen.isEmpty() ? null : seen.get(seen.size() - 1))) {
                seen.add(sample);
            }
            state = rs.getString(9);
        }
        if (state != null) {
            sweepState = state;
            if (Api.terminal(state) && endedAt == null) {
                endedAt = now;
            }
        }
    }

    /** Each shard's last sample. */
    Map<Long, Sample> latest() {
        Map<Long, Sample> last = new java.util.TreeMap<>();
        history.forEach((id, samples) -> last.put(id, samples.get(samples.size() - 1)));
        return last;
    }

    /** Every change seen of a shard, oldest first. */
    List<Sample> history(long shardId) {
        return new ArrayList<>(history.getOrDefault(shardId, List.of()));
    }

    Range range(long shardId) {
        return ranges.get(shardId);
    }

    String sweepState() {
        return sweepState;
    }

    /** When the sweep was first seen in a final state. */
    Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // already broken
        }
        connection = null;
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdown();
        sampler.awaitTermination(10, TimeUnit.SECONDS);
        closeQuietly();
    }
}
