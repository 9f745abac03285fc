package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default against a real PostgreSQL: the migrations apply, and data survives a restart. */
class EmbeddedDatabaseTest {

    @Test
    void migratesTheWholeSchemaAndKeepsDataAcrossRestarts(@TempDir Path dir) throws SQLException {
        Path data = dir.resolve("pgdata");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data)) {
            assertThat(Schema.migrate(db.dataSource())).as("every migration in migrations/")
                    .isEqualTo(java.util.Objects.requireNonNull(org.xmodal.testing.Demo.root().resolve("migrations").toFile()
                            .list((folder, name) -> name.matches("V\\d+__.*\\.sql"))).length);
            assertThat(tables(db)).contains("model", "dataset", "experiment", "experiment_version", "sweep", "run",
                    "shard", "result", "aggregate", "worker", "qrtz_job_details", "qrtz_triggers", "qrtz_locks");
            assertThat(query(db, "SELECT lock_name FROM qrtz_locks WHERE sched_name = 'xmodal' ORDER BY 1"))
                    .containsExactly("CALENDAR_ACCESS", "JOB_ACCESS", "MISFIRE_ACCESS", "STATE_ACCESS", "TRIGGER_ACCESS");
            execute(db, "INSERT INTO experiment (name, created_at) VALUES ('kept', now())");
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data)) {
            assertThat(Schema.migrate(again.dataSource())).isZero();
            assertThat(query(again, "SELECT name FROM experiment")).containsExactly("kept");
        }
    }

    @Test
    void resultRowsAreUniquePerRunConditionAndExample(@TempDir Path dir) throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pgdata"))) {
            Schema.migrate(db.dataSource());
            execute(db, """
                    INSERT INTO model (name, path, sha256, tokenizer_path, tokenizer_sha256, family, global_image,
                        feature_size, num_locations, num_classes, vocab_size, text_only, registered_at)
                    VALUES ('m', 'm.json', repeat('0', 64), 't.json', repeat('0', 64), 'test', 'first', 32, 5, 41, 212, false, now());
                    INSERT INTO dataset (name, path, content_hash, examples, images, regions, feature_size, num_classes,
                        max_seq_length, registered_at) VALUES ('d', 'd', repeat('0', 64), 10, 2, 16, 32, 41, 38, now());
                    INSERT INTO experiment (name, created_at) VALUES ('e', now());
                    INSERT INTO experiment_version (experiment_id, version, dataset_id, definition, batch_size, shard_size,
                        subset_from, subset_to, created_at) VALUES (1, 1, 1, '{}', 32, 100, 0, 10, now());
                    INSERT INTO sweep (experiment_version_id, state, submitted_at) VALUES (1, 'queued', now());
                    INSERT INTO run (sweep_id, model_id, direction, conditions, state, examples_total)
                        VALUES (1, 1, 'vis4lang', '{none,all}', 'queued', 10);
                    """);
            String insert = "INSERT INTO result (run_id, condition_index, example, loss_nats, ablated_regions, predicted) "
                    + "VALUES (1, 0, 7, 1.5, 0, '{3}') ON CONFLICT DO NOTHING";
            execute(db, insert);
            execute(db, insert);
            assertThat(query(db, "SELECT count(*) FROM result")).containsExactly("1");
        }
    }

    private static List<String> tables(EmbeddedDatabase db) throws SQLException {
        return query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    }

    private static List<String> query(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private static void execute(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
