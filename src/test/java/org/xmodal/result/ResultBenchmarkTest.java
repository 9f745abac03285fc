package org.xmodal.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.platform.EmbeddedDatabase;
import org.xmodal.platform.Schema;
import org.xmodal.platform.XmodalException;

/** The result benchmark at a small size against a real PostgreSQL: every row goes through the store, once. */
class ResultBenchmarkTest {
    private static final ResultBenchmark.Options SMALL = new ResultBenchmark.Options(2, 100, 32, 40, 2, 1, 2, 1, 3);

    @Test
    void writesEveryRowOnceAndTimesEveryQuery(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pgdata"))) {
            Schema.migrate(db.dataSource());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            List<ResultBenchmark.Figure> figures = new ResultBenchmark(db.dataSource(), SMALL,
                    new PrintStream(log, true, StandardCharsets.UTF_8)).run();

            // 2 models × (12 vis4lang + 3 lang4vis conditions) × 100 examples
            assertThat(count(db, "SELECT count(*) FROM result")).isEqualTo(3_000);
            assertThat(count(db, "SELECT count(*) FROM aggregate")).isEqualTo(2 * (12 + 3 + 3));
            assertThat(count(db, "SELECT count(*) FROM run WHERE state = 'running'")).isEqualTo(2);
            assertThat(count(db, "SELECT count(*) FROM shard WHERE examples_done = end_example - first_example")).isEqualTo(4 * 3);
            assertThat(figures).extracting(ResultBenchmark.Figure::name).contains("write, whole load",
                    "write, the same chunks again", "summary, succeeded vis4lang run", "summary, running lang4vis run",
                    "compare, 4 runs", "examplePage, by effect of all, last page (offset 50)", "result table");
            assertThat(figures).filteredOn(f -> f.name().equals("write, the same chunks again"))
                    .extracting(ResultBenchmark.Figure::note).singleElement().asString().contains("1,200 rows of the first 1 run(s) offered again, 0 inserted");
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("load: 100% (3,000 rows");
        }
    }

    @Test
    void refusesADatabaseThatHoldsRuns(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pgdata"))) {
            Schema.migrate(db.dataSource());
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            new ResultBenchmark(db.dataSource(), SMALL, quiet).run();
            assertThatThrownBy(() -> new ResultBenchmark(db.dataSource(), SMALL, quiet).run())
                    .isInstanceOf(XmodalException.class).hasMessageContaining("already holds runs");
        }
    }

    private static long count(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
