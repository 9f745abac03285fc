package org.xmodal.attributes;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.xmodal.result.ConditionSummary;
import org.xmodal.result.Metric;
import org.xmodal.result.ResultQueries.RunInfo;
import org.xmodal.result.ResultResponses.ConditionRow;
import org.xmodal.result.ResultResponses.SubsetCell;
import org.xmodal.result.ResultResponses.SubsetResponse;

/**
 * Result tables over a subset of examples or per value of an attribute. Means are recomputed from the per-example
 * rows joined with the dataset's attributes, summed in example order like the stored aggregates, so a subset that
 * holds every example gives the aggregates exactly. Deltas are taken against the run's {@code none} in the same cell.
 */
@ApplicationScoped
public class SubsetQueries {
    /** Metric name as stored, and the column of {@code result} it reads. */
    private static final String[][] METRICS = {{"primary", "loss_nats"}, {Metric.MRC_XE.wireName(), "secondary_nats"},
        {Metric.MRC_XE_LABEL.wireName(), "label_nats"}};
    private final DataSource dataSource;
    private final AttributeStore attributes;

    public SubsetQueries(DataSource dataSource, AttributeStore attributes) {
        this.dataSource = dataSource;
        this.attributes = attributes;
    }

    /** Checks that the restriction names attributes of the runs' dataset. */
    public void validate(List<RunInfo> runs, Restriction restriction) {
        if (!runs.isEmpty() && !restriction.isNone()) {
            restriction.requireKnown(attributes.names(runs.get(0).datasetId()), runs.get(0).dataset());
        }
    }

    /** The table rows of {@code runs} (all on one dataset) under the restriction: run, metric, cell, condition order. */
    public List<ConditionRow> rows(List<RunInfo> runs, Restriction restriction) {
        if (runs.isEmpty()) {
            return List.of();
        }
        validate(runs, restriction);
        long dataset = runs.get(0).datasetId();
        Map<Long, RunInfo> byId = new HashMap<>();
        runs.forEach(r -> byId.put(r.id(), r));
        boolean lang4vis = runs.stream().anyMatch(r -> r.direction().equals("lang4vis"));
        List<Object[]> raw = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (String[] metric : METRICS) {
                if (!metric[0].equals("primary") && !lang4vis) {
                    continue;
                }
                String sql = "SELECT r.run_id, r.condition_index, " + (restriction.by() == null ? "NULL" : "g.value")
                        + ", count(*), avg(r." + metric[1] + "::float8 ORDER BY r.example), coalesce(stddev_samp(r." + metric[1]
                        + "::float8 ORDER BY r.example), 0) FROM result r" + join("r", restriction)
                        + " WHERE r.run_id = ANY (?) AND r." + metric[1] + " IS NOT NULL" + filter("r", restriction)
                        + " GROUP BY r.run_id, r.condition_index" + (restriction.by() == null ? "" : ", g.value");
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    int i = bind(s, 1, dataset, restriction, true);
                    s.setArray(i++, c.createArrayOf("bigint", byId.keySet().toArray()));
                    bind(s, i, dataset, restriction, false);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            RunInfo run = byId.get(rs.getLong(1));
                            String name = metric[0].equals("primary")
                                    ? (run.direction().equals("vis4lang") ? Metric.MLM : Metric.MRC_KL).wireName() : metric[0];
                            raw.add(new Object[] {run, rs.getInt(2), name, rs.getString(3), rs.getLong(4),
                                rs.getDouble(5) / ConditionSummary.LN2, rs.getDouble(6) / ConditionSummary.LN2});
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw AttributeStore.failure("cannot summarise runs " + byId.keySet() + " by attribute", e);
        }
        raw.sort(java.util.Comparator.<Object[]>comparingLong(r -> ((RunInfo) r[0]).id())
                .thenComparingInt(r -> metricOrder((String) r[2]))
                .thenComparing(r -> (String) r[3], java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                .thenComparingInt(r -> (int) r[1]));
        Map<String, Double> baseline = new HashMap<>();
        for (Object[] r : raw) {
            RunInfo run = (RunInfo) r[0];
            if (run.conditions().get((int) r[1]).equals("none")) {
                baseline.put(run.id() + " " + r[2] + " " + r[3], (double) r[5]);
            }
        }
        List<ConditionRow> rows = new ArrayList<>(raw.size());
        for (Object[] r : raw) {
            RunInfo run = (RunInfo) r[0];
            Double base = baseline.get(run.id() + " " + r[2] + " " + r[3]);
            double mean = (double) r[5];
            rows.add(new ConditionRow(run.id(), run.sweepId(), run.model(), run.direction(), run.conditions().get((int) r[1]),
                    (String) r[2], (long) r[4], mean, (double) r[6], base == null ? null : mean - base,
                    base == null || base == 0 ? null : (mean - base) / base, (String) r[3]));
        }
        return rows;
    }

    /** How many examples of the dataset the restriction keeps, per cell; null without a restriction. */
    public SubsetResponse describe(RunInfo anyRun, Restriction restriction) {
        if (anyRun == null || restriction.isNone()) {
            return null;
        }
        String sql = "SELECT " + (restriction.by() == null ? "NULL" : "g.value") + ", count(*) FROM generate_series(0, "
                + "(SELECT examples FROM dataset WHERE id = ?) - 1) AS x(example)" + join("x", restriction) + " WHERE TRUE"
                + filter("x", restriction) + (restriction.by() == null ? "" : " GROUP BY g.value ORDER BY g.value");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, anyRun.datasetId());
            int i = bind(s, 2, anyRun.datasetId(), restriction, true);
            bind(s, i, anyRun.datasetId(), restriction, false);
            List<SubsetCell> cells = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    cells.add(new SubsetCell(rs.getString(1), rs.getLong(2)));
                }
            }
            return new SubsetResponse(anyRun.dataset(), restriction.subsetNames(), restriction.by(), cells);
        } catch (SQLException e) {
            throw AttributeStore.failure("cannot count the examples of a subset of dataset " + anyRun.datasetId(), e);
        }
    }

    private static int metricOrder(String metric) {
        return metric.equals(Metric.MRC_XE.wireName()) ? 1 : metric.equals(Metric.MRC_XE_LABEL.wireName()) ? 2 : 0;
    }

    private static String join(String alias, Restriction restriction) {
        return restriction.by() == null ? ""
                : " JOIN example_attribute g ON g.dataset_id = ? AND g.name = ? AND g.example = " + alias + ".example";
    }

    private static String filter(String alias, Restriction restriction) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < restriction.subsets().size(); i++) {
            sql.append(" AND EXISTS (SELECT 1 FROM example_attribute s").append(i).append(" WHERE s").append(i)
                    .append(".dataset_id = ? AND s").append(i).append(".name = ? AND s").append(i).append(".value = ? AND s")
                    .append(i).append(".example = ").append(alias).append(".example)");
        }
        return sql.toString();
    }

    /** Binds the join's ({@code join}) or the filter's parameters from {@code index}; returns the next index. */
    private static int bind(PreparedStatement s, int index, long dataset, Restriction restriction, boolean join) throws SQLException {
        int i = index;
        if (join) {
            if (restriction.by() != null) {
                s.setLong(i++, dataset);
                s.setString(i++, restriction.by());
            }
            return i;
        }
        for (Restriction.Subset subset : restriction.subsets()) {
            s.setLong(i++, dataset);
            s.setString(i++, subset.name());
            s.setString(i++, subset.value());
        }
        return i;
    }
}
