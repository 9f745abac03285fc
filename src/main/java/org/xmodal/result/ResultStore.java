package org.xmodal.result;

import javax.sql.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.evaluation.ExampleResult;
import org.xmodal.evaluation.SkippedEntry;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Writes per-example results in bulk and idempotently: one statement per chunk whatever its size, and the
 * primary key (run, condition, example) turns a repeated write into a no-op. Aggregates are always computed
 * from the stored rows, so a repeated or concurrent shard can never count an example twice, and summed in
 * example order, so they do not depend on the order in which shards happened to write.
 * Callers own the transaction.
 */
@ApplicationScoped
public class ResultStore {
    private static final String INSERT = """
            INSERT INTO result (run_id, condition_index, example, loss_nats, secondary_nats, target_region, ablated_regions, predicted, label_nats)
            SELECT ?, u.c, u.e, u.l, u.s, u.t, u.a, CAST(u.p AS INT[]), u.g
            FROM unnest(?::smallint[], ?::int[], ?::real[], ?::real[], ?::smallint[], ?::smallint[], ?::text[], ?::real[]) AS u(c, e, l, s, t, a, p, g)
            ON CONFLICT (run_id, condition_index, example) DO NOTHING""";
    private static final String AGGREGATE = """
            INSERT INTO aggregate (run_id, condition_index, metric, n, mean_nats, std_nats)
            SELECT run_id, condition_index, ?, count(*), avg(%1$s::float8 ORDER BY example),
                   coalesce(stddev_samp(%1$s::float8 ORDER BY example), 0)
            FROM result WHERE run_id = ? AND %1$s IS NOT NULL GROUP BY run_id, condition_index
            ON CONFLICT (run_id, condition_index, metric)
            DO UPDATE SET n = EXCLUDED.n, mean_nats = EXCLUDED.mean_nats, std_nats = EXCLUDED.std_nats""";
    private final DataSource dataSource;

    public ResultStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a chunk's results; {@code conditionIndex} maps each condition to its position in the run. Returns rows inserted. */
    public int write(long runId, List<ExampleResult> results, Map<Condition, Integer> conditionIndex) {
        int n = results.size();
        Short[] c = new Short[n];
        Integer[] e = new Integer[n];
        Float[] l = new Float[n];
        Float[] s = new Float[n];
        Short[] t = new Short[n];
        Short[] a = new Short[n];
        String[] p = new String[n];
        Float[] g = new Float[n];
        for (int i = 0; i < n; i++) {
            ExampleResult r = results.get(i);
            c[i] = conditionIndex.get(r.condition()).shortValue();
            e[i] = r.example();
            l[i] = r.lossNats();
            s[i] = Float.isNaN(r.secondaryNats()) ? null : r.secondaryNats();
            t[i] = r.targetRegion() < 0 ? null : (short) r.targetRegion();
            a[i] = (short) r.ablatedRegions();
            p[i] = arrayLiteral(r.predicted());
            g[i] = Float.isNaN(r.labelNats()) ? null : r.labelNats();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setLong(1, runId);
            insert.setArray(2, array(connection, "smallint", c));
            insert.setArray(3, array(connection, "integer", e));
            insert.setArray(4, array(connection, "real", l));
            insert.setArray(5, array(connection, "real", s));
            insert.setArray(6, array(connection, "smallint", t));
            insert.setArray(7, array(connection, "smallint", a));
            insert.setArray(8, array(connection, "text", p));
            insert.setArray(9, array(connection, "real", g));
            return insert.executeUpdate();
        } catch (SQLException ex) {
            throw failure("cannot store results of run " + runId, ex);
        }
    }

    /** Records the entries a run left out for lack of a target; a repeated write of an entry is a no-op. */
    public void writeSkipped(long runId, List<SkippedEntry> skipped) {
        if (skipped.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO run_skipped (run_id, example, image, phrase, reason)
                     SELECT ?, u.e, u.i, u.p, u.r FROM unnest(?::int[], ?::bigint[], ?::text[], ?::text[]) AS u(e, i, p, r)
                     ON CONFLICT (run_id, example) DO NOTHING""")) {
            insert.setLong(1, runId);
            insert.setArray(2, array(connection, "integer", skipped.stream().map(SkippedEntry::example).toArray(Integer[]::new)));
            insert.setArray(3, array(connection, "bigint", skipped.stream().map(SkippedEntry::imageId).toArray(Long[]::new)));
            insert.setArray(4, array(connection, "text", skipped.stream().map(SkippedEntry::phrase).toArray(String[]::new)));
            insert.setArray(5, array(connection, "text", skipped.stream().map(SkippedEntry::reason).toArray(String[]::new)));
            insert.executeUpdate();
        } catch (SQLException ex) {
            throw failure("cannot store the skipped entries of run " + runId, ex);
        }
    }

    /**
     * Records a shard's progress from {@code from} to {@code to} committed examples and renews its lease, fenced by
     * the attempt: only attempt {@code attempt} of a running shard may move it, so a stale attempt (a paused node that
     * woke up after its shard was handed to another) changes nothing; and only from where this attempt last committed
     * (or to where a retried commit already got), so progress never skips examples whose commit the database lost.
     * Returns whether the attempt still owns the shard at that point; when it does not, the caller rolls back.
     */
    public boolean progress(long shardId, int attempt, int from, int to, Instant now) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE shard SET examples_done = ?, heartbeat_at = ?
                     WHERE id = ? AND attempts = ? AND state = 'running' AND examples_done IN (?, ?)""")) {
            update.setInt(1, to);
            update.setTimestamp(2, Timestamp.from(now));
            update.setLong(3, shardId);
            update.setInt(4, attempt);
            update.setInt(5, from);
            update.setInt(6, to);
            return update.executeUpdate() == 1;
        } catch (SQLException ex) {
            throw failure("cannot record the progress of shard " + shardId, ex);
        }
    }

    /** Renews the lease of attempt {@code attempt} of a running shard; false when the attempt no longer owns it. */
    public boolean renew(long shardId, int attempt, Instant now) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE shard SET heartbeat_at = ? WHERE id = ? AND attempts = ? AND state = 'running'")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setLong(2, shardId);
            update.setInt(3, attempt);
            return update.executeUpdate() == 1;
        } catch (SQLException ex) {
            throw failure("cannot renew the lease of shard " + shardId, ex);
        }
    }

    /**
     * (Re)computes a run's aggregates from its stored rows: the primary metric, and for lang4vis MRC-XE and, over the
     * examples with a gold class label, MRC-XE against that label.
     */
    public void aggregate(long runId, Direction direction) {
        try (Connection connection = dataSource.getConnection()) {
            aggregate(connection, runId, Metric.primary(direction), "loss_nats");
            if (direction == Direction.LANG4VIS) {
                aggregate(connection, runId, Metric.MRC_XE, "secondary_nats");
                aggregate(connection, runId, Metric.MRC_XE_LABEL, "label_nats");
            }
        } catch (SQLException ex) {
            throw failure("cannot aggregate run " + runId, ex);
        }
    }

    private static void aggregate(Connection connection, long runId, Metric metric, String column) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AGGREGATE.formatted(column))) {
            statement.setString(1, metric.wireName());
            statement.setLong(2, runId);
            statement.executeUpdate();
        }
    }

    private static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }

    private static String arrayLiteral(long[] values) {
        StringBuilder b = new StringBuilder(2 + values.length * 4).append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(values[i]);
        }
        return b.append('}').toString();
    }

    static XmodalException failure(String what, SQLException e) {
        return new XmodalException(ErrorCode.IO_FAILURE, what + ": " + e.getMessage(), e);
    }
}
