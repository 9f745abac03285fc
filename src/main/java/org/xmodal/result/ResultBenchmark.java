package org.xmodal.result;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.xmodal.ablation.Direction;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;
import org.xmodal.result.SyntheticSweep.SyntheticRun;

/**
 * Result storage and result queries at scale: writes millions of synthetic per-example rows through
 * {@link ResultStore} as workers do, computes the aggregates, then times the {@link ResultQueries} behind the API.
 */
public final class ResultBenchmark {
    /** The sweep's shape (runs = models × 2 directions) and how the writes and the timings are done. */
    public record Options(int models, int examples, int batchSize, int shardSize, int writers, int duplicateRuns,
                          int runningRuns, int warmup, int calls) {
    }

    /** One line of the report. */
    public record Figure(String name, String value, String note) {
    }

    private final DataSource source;
    private final Options options;
    private final PrintStream log;
    private final List<Figure> figures = new ArrayList<>();

    public ResultBenchmark(DataSource source, Options options, PrintStream log) {
        this.source = source;
        this.options = options;
        this.log = log;
    }

    /** Runs every phase on a migrated database that holds no runs yet; returns the report's lines. */
    public List<Figure> run() throws SQLException, InterruptedException {
        SyntheticSweep sweep;
        try (PinnedDataSource setup = new PinnedDataSource(source)) {
            if (Long.parseLong(value(setup.connection(), "SELECT count(*) FROM run")) > 0) {
                throw new XmodalException(ErrorCode.CONFLICT, "the database already holds runs; the benchmark adds millions "
                        + "of synthetic rows and needs a database of its own");
            }
            figures.add(new Figure("server", value(setup.connection(), "SELECT split_part(version(), ' on ', 1)"),
                    settings(setup.connection())));
            sweep = SyntheticSweep.create(setup.connection(), options.models(), options.examples(), options.batchSize(),
                    options.shardSize());
        }
        load(sweep);
        if (options.duplicateRuns() > 0) {
            writeAgain(sweep);
        }
        List<SyntheticRun> runs = sweep.runs();
        try (PinnedDataSource db = new PinnedDataSource(source)) {
            long start = System.nanoTime();
            execute(db.connection(), "VACUUM (ANALYZE) result");
            execute(db.connection(), "ANALYZE");
            figures.add(new Figure("VACUUM (ANALYZE) result, then ANALYZE", seconds(start), "before the aggregates and queries"));
            aggregate(db, runs);
            settle(db.connection(), runs);
            figures.addAll(new QueryTimings(new ResultQueries(db), options.warmup(), options.calls()).measure(runs,
                    options.runningRuns()));
            sizes(db.connection());
        }
        return figures;
    }

    private void load(SyntheticSweep sweep) throws SQLException, InterruptedException {
        List<SyntheticRun> runs = sweep.runs();
        LoadMeter load = SyntheticLoad.write("load", source, sweep.shardsOf(runs), options.batchSize(), options.writers(), log);
        if (load.inserted() != load.rows()) {
            throw new IllegalStateException("the load inserted " + load.inserted() + " of " + load.rows() + " rows");
        }
        String shape = String.format(Locale.ROOT, "%,d rows in %.0f s; %d runs (%d models × vis4lang, 12 conditions, and "
                + "lang4vis, 3), %,d examples each; chunks of %d examples × the run's conditions, one transaction each; "
                + "%d writer(s)", load.rows(), load.seconds(), runs.size(), options.models(), options.examples(),
                options.batchSize(), options.writers());
        figures.add(new Figure("write, whole load", rate(load.rate(0, 10)), shape));
        figures.add(new Figure("write, first tenth of the rows", rate(load.rate(0, 1)), "empty table"));
        figures.add(new Figure("write, 40–60 % of the rows", rate(load.rate(4, 6)), "the middle of the load"));
        figures.add(new Figure("write, last tenth of the rows", rate(load.rate(9, 10)), "the table near its final size"));
    }

    /** The path of a retried chunk or a shard claimed twice: every row is already stored. */
    private void writeAgain(SyntheticSweep sweep) throws SQLException, InterruptedException {
        List<SyntheticRun> repeated = sweep.runs().subList(0, Math.min(options.duplicateRuns(), sweep.runs().size()));
        LoadMeter again = SyntheticLoad.write("duplicate write", source, sweep.shardsOf(repeated), options.batchSize(),
                options.writers(), log);
        figures.add(new Figure("write, the same chunks again", rate(again.rate(0, 10)), String.format(Locale.ROOT,
                "%,d rows of the first %d run(s) offered again, %,d inserted: every row hits ON CONFLICT DO NOTHING",
                again.rows(), repeated.size(), again.inserted())));
    }

    private void aggregate(PinnedDataSource db, List<SyntheticRun> runs) {
        ResultStore store = new ResultStore(db);
        for (Direction direction : Direction.values()) {
            List<SyntheticRun> of = runs.stream().filter(r -> r.direction() == direction).toList();
            double total = 0;
            double max = 0;
            for (SyntheticRun run : of) {
                long start = System.nanoTime();
                store.aggregate(run.id(), direction);
                double millis = (System.nanoTime() - start) / 1e6;
                total += millis;
                max = Math.max(max, millis);
            }
            int conditions = of.get(0).conditions().size();
            figures.add(new Figure("aggregate, " + direction + " run", String.format(Locale.ROOT, "%.0f ms mean, %.0f ms max",
                    total / of.size(), max), String.format(Locale.ROOT, "ResultStore.aggregate over %,d rows (%d conditions, %s), "
                    + "%d runs", (long) conditions * options.examples(), conditions,
                    direction == Direction.LANG4VIS ? "MRC-KL and MRC-XE" : "MLM", of.size())));
        }
    }

    /** All runs but the last {@code runningRuns} succeed; those stay running with their shards. */
    private void settle(Connection c, List<SyntheticRun> runs) throws SQLException {
        String ids = runs.subList(0, runs.size() - options.runningRuns()).stream()
                .map(r -> Long.toString(r.id())).collect(Collectors.joining(","));
        execute(c, "UPDATE run SET state = 'succeeded', finished_at = now() WHERE id IN (" + ids + ")");
        execute(c, "UPDATE shard SET state = 'succeeded', finished_at = now() WHERE run_id IN (" + ids + ")");
    }

    private void sizes(Connection c) throws SQLException {
        figures.add(new Figure("result table", String.format(Locale.ROOT, "%,d rows, %s",
                Long.parseLong(value(c, "SELECT count(*) FROM result")), value(c, "SELECT pg_size_pretty(pg_total_relation_size('result'))")),
                "pg_total_relation_size: heap " + value(c, "SELECT pg_size_pretty(pg_relation_size('result'))")
                        + ", indexes " + value(c, "SELECT pg_size_pretty(pg_indexes_size('result'))")
                        + " (primary key " + value(c, "SELECT pg_size_pretty(pg_relation_size('result_pkey'))") + ")"));
        figures.add(new Figure("database", value(c, "SELECT pg_size_pretty(pg_database_size(current_database()))"),
                "pg_database_size, WAL not included"));
    }

    private static String settings(Connection c) throws SQLException {
        List<String> values = new ArrayList<>();
        for (String name : List.of("shared_buffers", "work_mem", "synchronous_commit", "fsync", "max_wal_size")) {
            values.add(name + "=" + value(c, "SHOW " + name));
        }
        return String.join(", ", values);
    }

    /** Prints the figures as a Markdown table. */
    public static void print(List<Figure> figures, PrintStream out) {
        out.println("| figure | value | what |");
        out.println("|---|---|---|");
        figures.forEach(f -> out.println("| " + f.name() + " | " + f.value() + " | " + f.note() + " |"));
    }

    private static String rate(double rowsPerSecond) {
        return String.format(Locale.ROOT, "%,.0f rows/s", rowsPerSecond);
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String value(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
