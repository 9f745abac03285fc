package org.xmodal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.xmodal.platform.EmbeddedDatabase;
import org.xmodal.platform.Schema;
import org.xmodal.result.ResultBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xmodal benchmark-results}: result rows written per second and result query latency, on millions of rows. */
@Command(name = "benchmark-results", mixinStandardHelpOptions = true,
        description = "Write millions of synthetic per-example results through the result store into a fresh database, "
                + "then time the summary, comparison and example queries. Prints a Markdown table.")
public final class ResultBenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "build/bench/results-db",
            description = "Data folder of the embedded PostgreSQL the benchmark starts (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database-url", description = "JDBC URL of an empty external PostgreSQL to use instead.")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "postgres")
    String databaseUser;

    @Option(names = "--database-password", defaultValue = "postgres")
    String databasePassword;

    @Option(names = "--models", defaultValue = "50", description = "Models; each has a vis4lang run (12 conditions) "
            + "and a lang4vis run (3 conditions) (default: ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--examples", defaultValue = "13334", description = "Examples per run (default: ${DEFAULT-VALUE}: "
            + "50 models × 15 conditions × 13,334 examples = 10,000,500 rows).")
    int examples;

    @Option(names = "--batch-size", defaultValue = "32", description = "Examples per written chunk (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--shard-size", defaultValue = "1000", description = "Examples per shard (default: ${DEFAULT-VALUE}).")
    int shardSize;

    @Option(names = "--writers", defaultValue = "1", description = "Concurrent writers, like worker devices (default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--duplicate-runs", defaultValue = "10", description = "Runs written a second time (default: ${DEFAULT-VALUE}).")
    int duplicateRuns;

    @Option(names = "--running-runs", defaultValue = "2", description = "Runs left running, summarised live (default: ${DEFAULT-VALUE}).")
    int runningRuns;

    @Option(names = "--durable", description = "Start the embedded server with fsync and synchronous commits on; "
            + "by default it runs without them.")
    boolean durable;

    @Option(names = "--warmup", defaultValue = "5")
    int warmup;

    @Option(names = "--calls", defaultValue = "50", description = "Timed calls per query (default: ${DEFAULT-VALUE}).")
    int calls;

    @Override
    public Integer call() throws Exception {
        if (models < 1 || examples < 1 || batchSize < 1 || shardSize < 1 || writers < 1 || calls < 1
                || runningRuns < 0 || runningRuns >= 2 * models) {
            throw new IllegalArgumentException("sizes must be positive, and fewer runs left running than the sweep has");
        }
        if (durable && databaseUrl != null) {
            throw new IllegalArgumentException("--durable applies to the embedded server; configure an external one yourself");
        }
        ResultBenchmark.Options options = new ResultBenchmark.Options(models, examples, batchSize, shardSize, writers,
                duplicateRuns, runningRuns, warmup, calls);
        // no Quarkus boot here, so nothing configures logging: keep the driver's and the server's chatter out of the timings
        Logger.getLogger("").setLevel(Level.WARNING);
        EmbeddedDatabase embedded = databaseUrl != null ? null : EmbeddedDatabase.start(dataDir,
                durable ? Map.of("fsync", "on", "synchronous_commit", "on") : Map.of());
        try {
            DataSource source = embedded == null ? external() : embedded.dataSource();
            Schema.migrate(source);
            List<ResultBenchmark.Figure> figures = new ResultBenchmark(source, options, System.err).run();
            ResultBenchmark.print(figures, System.out);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        return 0;
    }

    private DataSource external() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(databaseUrl);
        source.setUser(databaseUser);
        source.setPassword(databasePassword);
        return source;
    }
}
