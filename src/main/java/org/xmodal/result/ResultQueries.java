package org.xmodal.result;

import javax.sql.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmodal.analysis.RunStatistics;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.Page;
import org.xmodal.platform.PageRequest;
import org.xmodal.platform.XmodalException;
import org.xmodal.result.ResultResponses.ConditionRow;

/**
 * Reads results: per-run tables (from the aggregates of a finished run, live from the rows of a running one),
 * comparisons across runs of one dataset, and per-example pages. Deltas are taken against each run's own
 * {@code none} under the same metric.
 */
@ApplicationScoped
public class ResultQueries {
    private static final String RUNS = """
            SELECT r.id, r.sweep_id, m.name, r.direction, r.state, r.conditions, v.dataset_id, d.name
            FROM run r JOIN model m ON m.id = r.model_id JOIN sweep s ON s.id = r.sweep_id
            JOIN experiment_version v ON v.id = s.experiment_version_id JOIN dataset d ON d.id = v.dataset_id
            WHERE r.id = ANY (?) ORDER BY r.id""";
    private static final String AGGREGATES = """
            SELECT run_id, condition_index, metric, n, mean_nats, std_nats FROM aggregate WHERE run_id = ANY (?)
            ORDER BY run_id, metric IN ('mlm', 'mrc-kl') DESC, metric, condition_index""";
    private static final String LIVE = """
            SELECT run_id, condition_index, 'primary', count(*), avg(loss_nats::float8), coalesce(stddev_samp(loss_nats::float8), 0)
            FROM result WHERE run_id = ? GROUP BY run_id, condition_index""";
    /** lang4vis also has MRC-XE; vis4lang rows never do, so their summary reads the rows once. */
    private static final String LIVE_WITH_XE = LIVE + """

            UNION ALL
            SELECT run_id, condition_index, 'mrc-xe', count(*), avg(secondary_nats::float8), coalesce(stddev_samp(secondary_nats::float8), 0)
            FROM result WHERE run_id = ? AND secondary_nats IS NOT NULL GROUP BY run_id, condition_index
            UNION ALL
            SELECT run_id, condition_index, 'mrc-xe-label', count(*), avg(label_nats::float8), coalesce(stddev_samp(label_nats::float8), 0)
            FROM result WHERE run_id = ? AND label_nats IS NOT NULL GROUP BY run_id, condition_index
            ORDER BY 3 DESC, 2""";
    private final DataSource dataSource;

    public ResultQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What the queries need to know about a run. */
    public record RunInfo(long id, long sweepId, String model, String direction, String state, List<String> conditions,
                          long datasetId, String dataset) {
    }

    public List<RunInfo> runs(List<Long> ids) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(RUNS)) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            List<RunInfo> runs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    runs.add(new RunInfo(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            List.of((String[]) rs.getArray(6).getArray()), rs.getLong(7), rs.getString(8)));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw ResultStore.failure("cannot read runs " + ids, e);
        }
    }

    public List<Long> runsOfSweep(long sweepId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id FROM run WHERE sweep_id = ? ORDER BY id")) {
            s.setLong(1, sweepId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw ResultStore.failure("cannot read the runs of sweep " + sweepId, e);
        }
    }

    /** A run's table; live from its rows while it has not succeeded. */
    public ResultResponses.RunSummaryResponse summary(RunInfo run) {
        boolean partial = !"succeeded".equals(run.state());
        List<ConditionRow> rows = partial ? live(run) : aggregated(List.of(run));
        RunStatistics.Cached statistics = partial ? null : RunStatistics.read(dataSource, List.of(run.id()));
        return new ResultResponses.RunSummaryResponse(run.id(), run.sweepId(), run.model(), run.direction(), run.state(), partial,
                partial ? rows : statistics.attach(rows), skippedCount(run.id()),
                partial ? null : statistics.description(), null);
    }

    /** How many entries a run left out for lack of a target. */
    public long skippedCount(long runId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM run_skipped WHERE run_id = ?")) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw ResultStore.failure("cannot count the skipped entries of run " + runId, e);
        }
    }

    /** The entries a run left out for lack of a target, in entry order. */
    public Page<ResultResponses.SkippedResponse> skipped(long runId, PageRequest page) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT example, image, phrase, reason, count(*) OVER () FROM run_skipped
                     WHERE run_id = ? ORDER BY example LIMIT ? OFFSET ?""")) {
            s.setLong(1, runId);
            s.setInt(2, page.size());
            s.setLong(3, page.offset());
            List<ResultResponses.SkippedResponse> items = new ArrayList<>();
            long total = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    items.add(new ResultResponses.SkippedResponse(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                    total = rs.getLong(5);
                }
            }
            if (items.isEmpty() && page.offset() > 0) {
                total = skippedCount(runId); // past the end: the window function saw no row to count
            }
            return new Page<>(items, page.page(), page.size(), total);
        } catch (SQLException e) {
            throw ResultStore.failure("cannot read the skipped entries of run " + runId, e);
        }
    }

    /** Finished runs side by side; every run must be on the same dataset. */
    public ResultResponses.ComparisonResponse compare(List<RunInfo> runs) {
        long datasets = runs.stream().mapToLong(RunInfo::datasetId).distinct().count();
        if (datasets > 1) {
            throw new XmodalException(ErrorCode.INVALID_ARGUMENT, "runs can only be compared on one dataset; these use "
                    + runs.stream().map(RunInfo::dataset).distinct().toList(),
                    List.of(new org.xmodal.platform.FieldError("runs", "runs on different datasets")));
        }
        RunStatistics.Cached statistics = RunStatistics.read(dataSource, runs.stream().map(RunInfo::id).toList());
        return new ResultResponses.ComparisonResponse(runs.isEmpty() ? null : runs.get(0).dataset(),
                runs.stream().map(RunInfo::id).toList(), statistics.attach(aggregated(runs)), statistics.description(), null);
    }

    private List<ConditionRow> aggregated(List<RunInfo> runs) {
        Map<Long, RunInfo> byId = new HashMap<>();
        runs.forEach(r -> byId.put(r.id(), r));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(AGGREGATES)) {
            s.setArray(1, c.createArrayOf("bigint", byId.keySet().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                return rows(rs, byId);
            }
        } catch (SQLException e) {
            throw ResultStore.failure("cannot read aggregates", e);
        }
    }

    private List<ConditionRow> live(RunInfo run) {
        boolean lang4vis = run.direction().equals("lang4vis");
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(lang4vis ? LIVE_WITH_XE : LIVE + " ORDER BY 2")) {
            s.setLong(1, run.id());
            if (lang4vis) {
                s.setLong(2, run.id());
                s.setLong(3, run.id());
            }
            try (ResultSet rs = s.executeQuery()) {
                return rows(rs, Map.of(run.id(), run));
            }
        } catch (SQLException e) {
            throw ResultStore.failure("cannot summarise run " + run.id(), e);
        }
    }

    /** Turns (run, condition, metric, n, mean nats, std nats) rows into table rows with deltas against none. */
    private static List<ConditionRow> rows(ResultSet rs, Map<Long, RunInfo> runs) throws SQLException {
        Map<String, Double> baseline = new HashMap<>();
        List<Object[]> raw = new ArrayList<>();
        while (rs.next()) {
            RunInfo run = runs.get(rs.getLong(1));
            String metric = rs.getString(3);
            if (metric.equals("primary")) {
                metric = run.direction().equals("vis4lang") ? Metric.MLM.wireName() : Metric.MRC_KL.wireName();
            }
            String condition = run.conditions().get(rs.getInt(2));
            double mean = rs.getDouble(5) / ConditionSummary.LN2;
            if (condition.equals("none")) {
                baseline.put(run.id() + " " + metric, mean);
            }
            raw.add(new Object[] {run, condition, metric, rs.getLong(4), mean, rs.getDouble(6) / ConditionSummary.LN2});
        }
        List<ConditionRow> rows = new ArrayList<>(raw.size());
        for (Object[] r : raw) {
            RunInfo run = (RunInfo) r[0];
            Double base = baseline.get(run.id() + " " + r[2]);
            double mean = (double) r[4];
            rows.add(new ConditionRow(run.id(), run.sweepId(), run.model(), run.direction(), (String) r[1], (String) r[2],
                    (long) r[3], mean, (double) r[5], base == null ? null : mean - base,
                    base == null || base == 0 ? null : (mean - base) / base));
        }
        return rows;
    }

    /** Stored rows of a run for a page of examples: example → condition index → row. */
    public record StoredRow(int conditionIndex, float lossNats, Float secondaryNats, Integer targetRegion, int ablated, long[] predicted) {
    }

    /**
     * A page of a run's examples, in example order or by the size of the ablation effect (loss under the
     * condition at {@code effectOf} minus loss under the one at {@code baselineIndex}, largest first).
     */
    public Map<Integer, List<StoredRow>> examplePage(long runId, Integer effectOf, Integer baselineIndex, long offset, int size) {
        String pageQuery = effectOf == null
                ? "SELECT example FROM result WHERE run_id = ? AND condition_index = 0 ORDER BY example LIMIT ? OFFSET ?"
                : """
                  SELECT a.example FROM result a JOIN result b ON b.run_id = a.run_id AND b.example = a.example AND b.condition_index = ?
                  WHERE a.run_id = ? AND a.condition_index = ? ORDER BY a.loss_nats - b.loss_nats DESC, a.example LIMIT ? OFFSET ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement page = c.prepareStatement(pageQuery)) {
            int i = 1;
            if (effectOf != null) {
                page.setInt(i++, baselineIndex);
            }
            page.setLong(i++, runId);
            if (effectOf != null) {
                page.setInt(i++, effectOf);
            }
            page.setInt(i++, size);
            page.setLong(i, offset);
            List<Integer> examples = new ArrayList<>();
            try (ResultSet rs = page.executeQuery()) {
                while (rs.next()) {
                    examples.add(rs.getInt(1));
                }
            }
            Map<Integer, List<StoredRow>> rows = new LinkedHashMap<>();
            examples.forEach(e -> rows.put(e, new ArrayList<>()));
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT example, condition_index, loss_nats, secondary_nats, target_region, ablated_regions, predicted
                    FROM result WHERE run_id = ? AND example = ANY (?) ORDER BY example, condition_index""")) {
                s.setLong(1, runId);
                s.setArray(2, c.createArrayOf("integer", examples.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Integer[] predicted = (Integer[]) rs.getArray(7).getArray();
                        rows.get(rs.getInt(1)).add(new StoredRow(rs.getInt(2), rs.getFloat(3),
                                (Float) rs.getObject(4, Float.class), (Integer) rs.getObject(5, Integer.class), rs.getInt(6),
                                java.util.Arrays.stream(predicted).mapToLong(Integer::longValue).toArray()));
                    }
                }
            }
            return rows;
        } catch (SQLException e) {
            throw ResultStore.failure("cannot read the examples of run " + runId, e);
        }
    }

    /** How many examples a run has stored (under its first condition). */
    public long exampleCount(long runId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM result WHERE run_id = ? AND condition_index = 0")) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw ResultStore.failure("cannot count the examples of run " + runId, e);
        }
    }

    /** Streams every stored row of a run, in (example, condition) order, to {@code sink}. */
    public void forEachRow(long runId, RowSink sink) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT example, condition_index, loss_nats, secondary_nats, target_region, ablated_regions, predicted, label_nats
                    FROM result WHERE run_id = ? ORDER BY example, condition_index""")) {
                s.setFetchSize(5000);
                s.setLong(1, runId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs.getInt(1), rs.getInt(2), rs.getFloat(3), (Float) rs.getObject(4, Float.class),
                                (Integer) rs.getObject(5, Integer.class), rs.getInt(6), rs.getString(7), (Float) rs.getObject(8, Float.class));
                    }
                }
            } finally {
                c.commit();
            }
        } catch (SQLException e) {
            throw ResultStore.failure("cannot export run " + runId, e);
        }
    }

    /** Receives one stored row; {@code predicted} is the array literal as stored; {@code labelNats}: MRC-XE against the gold label. */
    @FunctionalInterface
    public interface RowSink {
        void accept(int example, int conditionIndex, float lossNats, Float secondaryNats, Integer targetRegion,
                    int ablatedRegions, String predicted, Float labelNats) throws SQLException;
    }
}
