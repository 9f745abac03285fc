package org.xmodal.analysis;

import javax.sql.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.xmodal.ablation.Direction;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;
import org.xmodal.result.ConditionSummary;
import org.xmodal.result.Metric;
import org.xmodal.result.ResultResponses.ConditionRow;

/**
 * Computes a succeeded run's uncertainty from its stored rows, read once in example order, and caches it in
 * {@code aggregate_statistics} beside the aggregates; attaches what is cached to the rows the results API returns.
 * Memory: the run's per-example values (examples × conditions), whatever the number of resamples.
 */
@ApplicationScoped
public class RunStatistics {
    private static final Logger LOG = Logger.getLogger(RunStatistics.class);
    private static final String UPSERT = """
            INSERT INTO aggregate_statistics (run_id, condition_index, metric, n, mean_low_nats, mean_high_nats,
                delta_low_nats, delta_high_nats, relative_low, relative_high, p_value, p_holm, interval_method, level,
                resamples, permutations, seed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bca', ?, ?, ?, ?)
            ON CONFLICT (run_id, condition_index, metric) DO UPDATE SET n = EXCLUDED.n,
                mean_low_nats = EXCLUDED.mean_low_nats, mean_high_nats = EXCLUDED.mean_high_nats,
                delta_low_nats = EXCLUDED.delta_low_nats, delta_high_nats = EXCLUDED.delta_high_nats,
                relative_low = EXCLUDED.relative_low, relative_high = EXCLUDED.relative_high, p_value = EXCLUDED.p_value,
                p_holm = EXCLUDED.p_holm, interval_method = EXCLUDED.interval_method, level = EXCLUDED.level,
                resamples = EXCLUDED.resamples, permutations = EXCLUDED.permutations, seed = EXCLUDED.seed""";
    private final DataSource dataSource;
    private final XmodalConfig config;

    public RunStatistics(DataSource dataSource, XmodalConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** The configured settings, or null when the statistics are switched off. */
    public StatisticsSettings settings() {
        XmodalConfig.Statistics s = config.statistics();
        return s.enabled() ? new StatisticsSettings(s.level(), s.resamples(), s.permutations(), s.seed()) : null;
    }

    /**
     * (Re)computes and stores a run's statistics: its primary metric, and MRC-XE for lang4vis. Runs in the caller's
     * transaction (the one that marks the run succeeded), so a run never shows as succeeded without them.
     */
    public void compute(long runId, Direction direction) {
        StatisticsSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            // a bad xmodal.statistics.* setting must not keep a finished run from succeeding
            LOG.errorf("run %d has no statistics: %s (xmodal.statistics.*)", runId, e.getMessage());
            return;
        }
        if (settings == null) {
            return;
        }
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            List<String> conditions;
            try (PreparedStatement s = c.prepareStatement("SELECT conditions FROM run WHERE id = ?")) {
                s.setLong(1, runId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw XmodalException.notFound("run " + runId);
                    }
                    conditions = List.of((String[]) rs.getArray(1).getArray());
                }
            }
            int k = conditions.size();
            boolean xe = direction == Direction.LANG4VIS;
            PairedValues primary = new PairedValues(k);
            PairedValues secondary = new PairedValues(k);
            boolean autoCommit = c.getAutoCommit();
            if (autoCommit) {
                c.setAutoCommit(false); // lets the driver stream the rows with a fetch size
            }
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT example, condition_index, loss_nats, secondary_nats FROM result WHERE run_id = ?
                    ORDER BY example, condition_index""")) {
                s.setFetchSize(10_000);
                s.setLong(1, runId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        int example = rs.getInt(1);
                        int condition = rs.getInt(2);
                        primary.put(example, condition, rs.getFloat(3));
                        if (xe) {
                            float x = rs.getFloat(4);
                            secondary.put(example, condition, rs.wasNull() ? Double.NaN : x);
                        }
                    }
                }
            } finally {
                if (autoCommit) {
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
            int baseline = conditions.indexOf("none");
            store(c, runId, Metric.primary(direction), PairedStatistics.compute(primary.values(), k, baseline, settings), settings);
            if (xe) {
                store(c, runId, Metric.MRC_XE, PairedStatistics.compute(secondary.values(), k, baseline, settings), settings);
            }
            LOG.debugf("run %d: statistics of %d examples × %d conditions in %.1f s", runId, primary.examples(), k,
                    (System.nanoTime() - start) / 1e9);
        } catch (SQLException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot compute the statistics of run " + runId + ": " + e.getMessage(), e);
        }
    }

    private static void store(Connection c, long runId, Metric metric, List<ConditionStatistics> stats, StatisticsSettings settings)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            for (ConditionStatistics r : stats) {
                int i = 1;
                s.setLong(i++, runId);
                s.setInt(i++, r.condition());
                s.setString(i++, metric.wireName());
                s.setLong(i++, r.n());
                s.setDouble(i++, r.meanInterval().low());
                s.setDouble(i++, r.meanInterval().high());
                s.setObject(i++, r.deltaInterval() == null ? null : r.deltaInterval().low());
                s.setObject(i++, r.deltaInterval() == null ? null : r.deltaInterval().high());
                s.setObject(i++, r.relativeDeltaInterval() == null ? null : r.relativeDeltaInterval().low());
                s.setObject(i++, r.relativeDeltaInterval() == null ? null : r.relativeDeltaInterval().high());
                s.setObject(i++, r.p());
                s.setObject(i++, r.pHolm());
                s.setDouble(i++, settings.level());
                s.setInt(i++, settings.resamples());
                s.setInt(i++, settings.permutations());
                s.setLong(i, settings.seed());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The cached statistics of some runs, ready to be attached to their table rows. */
    public static Cached read(DataSource dataSource, List<Long> runIds) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT st.run_id, r.conditions[st.condition_index + 1], st.metric, st.mean_low_nats, st.mean_high_nats,
                            st.delta_low_nats, st.delta_high_nats, st.relative_low, st.relative_high, st.p_value, st.p_holm,
                            st.level, st.resamples, st.permutations, st.seed
                     FROM aggregate_statistics st JOIN run r ON r.id = st.run_id WHERE st.run_id = ANY (?)""")) {
            s.setArray(1, c.createArrayOf("bigint", runIds.toArray()));
            Map<String, double[]> rows = new HashMap<>();
            Set<String> methods = new LinkedHashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double[] v = new double[8];
                    for (int i = 0; i < 8; i++) {
                        double x = rs.getDouble(4 + i);
                        v[i] = rs.wasNull() ? Double.NaN : x;
                    }
                    rows.put(key(rs.getLong(1), rs.getString(2), rs.getString(3)), v);
                    methods.add(StatisticsSettings.describe(rs.getDouble(12), rs.getInt(13), rs.getInt(14), rs.getLong(15)));
                }
            }
            return new Cached(rows, methods.isEmpty() ? null : String.join("; and ", methods));
        } catch (SQLException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read the statistics of runs " + runIds + ": " + e.getMessage(), e);
        }
    }

    private static String key(long run, String condition, String metric) {
        return run + " " + condition + " " + metric;
    }

    /** Cached statistics keyed by (run, condition, metric); {@code description}: how they were computed, or null. */
    public record Cached(Map<String, double[]> rows, String description) {
        /** The rows with their bounds (converted to bits) and p-values; rows without cached statistics unchanged. */
        public List<ConditionRow> attach(List<ConditionRow> table) {
            if (rows.isEmpty()) {
                return table;
            }
            List<ConditionRow> out = new ArrayList<>(table.size());
            for (ConditionRow r : table) {
                double[] v = rows.get(key(r.runId(), r.condition(), r.metric()));
                if (v == null) {
                    out.add(r);
                    continue;
                }
                out.add(new ConditionRow(r.runId(), r.sweepId(), r.model(), r.direction(), r.condition(), r.metric(), r.n(),
                        r.meanBits(), r.stdBits(), r.deltaBits(), r.relativeDelta(), bits(v[0]), bits(v[1]), bits(v[2]),
                        bits(v[3]), or(v[4]), or(v[5]), or(v[6]), or(v[7])));
            }
            return out;
        }

        private static Double bits(double nats) {
            return Double.isNaN(nats) ? null : nats / ConditionSummary.LN2;
        }

        private static Double or(double v) {
            return Double.isNaN(v) ? null : v;
        }
    }

    /**
     * A run's values gathered in example order, example-major; an example enters the sample only when it has a value
     * under every condition, so every condition is measured on the same examples.
     */
    static final class PairedValues {
        private final int k;
        private final double[] current;
        private int example = Integer.MIN_VALUE;
        private double[] values = new double[1024];
        private int size;

        PairedValues(int k) {
            this.k = k;
            this.current = new double[k];
            Arrays.fill(current, Double.NaN);
        }

        void put(int example, int condition, double value) {
            if (example != this.example) {
                flush();
                this.example = example;
            }
            current[condition] = value;
        }

        private void flush() {
            boolean complete = example != Integer.MIN_VALUE;
            for (double v : current) {
                complete &= !Double.isNaN(v);
            }
            if (complete) {
                if (size + k > values.length) {
                    values = Arrays.copyOf(values, Math.max(values.length * 2, size + k));
                }
                System.arraycopy(current, 0, values, size, k);
                size += k;
            }
            Arrays.fill(current, Double.NaN);
        }

        double[] values() {
            flush();
            example = Integer.MIN_VALUE;
            return Arrays.copyOf(values, size);
        }

        int examples() {
            return size / k;
        }
    }
}
