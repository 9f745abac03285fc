package org.xmodal.chaos;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.xmodal.testing.Sql;

/**
 * The invariants of a sweep after a fault, checked in the database against an undisturbed reference sweep of the
 * same experiment: exactly one row per (run, condition, example) that the run committed (all of them when it
 * succeeded), each row equal to the reference's, and a succeeded run's aggregates bit-identical to the reference's.
 */
final class SweepCheck {
    private static final String RUNS = "SELECT r.id, m.name, r.direction, r.state, r.error, cardinality(r.conditions), r.examples_total,"
            + " (SELECT coalesce(sum(s.examples_done), 0) FROM shard s WHERE s.run_id = r.id) FROM run r JOIN model m ON m.id = r.model_id"
            + " WHERE r.sweep_id = ? ORDER BY r.id";
    private static final String DIFFERING = "SELECT count(*) FROM result f JOIN result r ON r.run_id = ? AND r.condition_index = f.condition_index"
            + " AND r.example = f.example WHERE f.run_id = ? AND (r.loss_nats IS DISTINCT FROM f.loss_nats"
            + " OR r.secondary_nats IS DISTINCT FROM f.secondary_nats OR r.predicted IS DISTINCT FROM f.predicted)";

    /** One run of a sweep as stored. */
    record RunRow(long id, String model, String direction, String state, String error, int conditions, int total, long committed) {
        String key() {
            return model + " " + direction;
        }
    }

    /** What the check found: rows missing, rows stored twice, and anything else wrong. */
    record Verdict(long lost, long duplicated, List<String> problems) {
    }

    /** The undisturbed sweep: its runs by model and direction, and how long it took. */
    record Reference(long sweepId, Map<String, Long> runs, java.time.Duration duration) {
        static Reference of(DataSource database, long sweepId, java.time.Duration duration) throws SQLException {
            Map<String, Long> byKey = new HashMap<>();
            for (RunRow run : SweepCheck.runs(database, sweepId)) {
                byKey.put(run.key(), run.id());
            }
            return new Reference(sweepId, byKey, duration);
        }
    }

    private SweepCheck() {
    }

    static List<RunRow> runs(DataSource database, long sweepId) throws SQLException {
        List<RunRow> runs = new ArrayList<>();
        for (List<Object> r : Sql.query(database, RUNS, sweepId)) {
            runs.add(new RunRow((Long) r.get(0), (String) r.get(1), (String) r.get(2), (String) r.get(3), (String) r.get(4),
                    ((Number) r.get(5)).intValue(), ((Number) r.get(6)).intValue(), ((Number) r.get(7)).longValue()));
        }
        return runs;
    }

    /** Checks {@code sweepId}; {@code referenceModel} names the reference model whose results a model's must equal. */
    static Verdict check(DataSource database, long sweepId, Reference reference, UnaryOperator<String> referenceModel) throws SQLException {
        long lost = 0;
        long duplicated = 0;
        List<String> problems = new ArrayList<>();
        for (RunRow run : runs(database, sweepId)) {
            boolean succeeded = "succeeded".equals(run.state());
            long expected = (succeeded ? run.total() : run.committed()) * run.conditions();
            long rows = Sql.number(database, "SELECT count(*) FROM result WHERE run_id = ?", run.id());
            long distinct = Sql.number(database, "SELECT count(DISTINCT (condition_index, example)) FROM result WHERE run_id = ?", run.id());
            lost += Math.max(0, expected - distinct);
            duplicated += rows - distinct;
            String name = "run " + run.id() + " (" + run.key() + ")";
            if (distinct > expected) {
                problems.add(name + ": " + (distinct - expected) + " rows beyond its committed progress");
            }
            if (succeeded && run.committed() != run.total()) {
                problems.add(name + ": succeeded with " + run.committed() + " of " + run.total() + " examples committed");
            }
            Long twin = reference.runs().get(referenceModel.apply(run.model()) + " " + run.direction());
            if (twin == null) {
                problems.add(name + ": no run of the reference sweep to compare with");
                continue;
            }
            long differing = Sql.number(database, DIFFERING, twin, run.id());
            if (differing > 0) {
                problems.add(name + ": " + differing + " rows differ from the undisturbed sweep's");
            }
            List<List<Object>> aggregates = Sql.aggregates(database, run.id());
            if (succeeded && (aggregates.isEmpty() || !Objects.equals(aggregates, Sql.aggregates(database, twin)))) {
                problems.add(name + ": aggregates " + (aggregates.isEmpty() ? "missing" : "differ from the undisturbed sweep's"));
            }
        }
        if (lost > 0 || duplicated > 0) {
            problems.add(lost + " rows lost, " + duplicated + " rows duplicated");
        }
        return new Verdict(lost, duplicated, problems);
    }
}
