package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server is no longer open to every local user: passwords, a role that is no superuser, a private
 * credentials file, and data folders of earlier versions (trust, everything in database postgres) upgraded in place.
 */
class EmbeddedDatabaseSecurityTest {

    @Test
    void refusesConnectionsWithoutTheRightPasswordAndTheRoleCannotRunPrograms(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"))) {
            String superuser = "jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres?user=postgres";
            assertThatThrownBy(() -> DriverManager.getConnection(superuser).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection(superuser + "&password=postgres").close())
                    .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl() + "?user=xmodal&password=wrong").close())
                    .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("28P01");
            assertThat(Files.readString(db.dataDirectory().resolve("pg_hba.conf"))).doesNotContain("trust");

            assertThat(query(db.dataSource(), "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).containsExactly("f");
            assertThatThrownBy(() -> query(db.dataSource(), "COPY (SELECT 1) TO PROGRAM 'true'"))
                    .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
            assertThatThrownBy(() -> query(db.dataSource(), "SELECT pg_read_file('postgresql.conf')"))
                    .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
            String maintenance = "jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres";
            assertThatThrownBy(() -> DriverManager.getConnection(maintenance, "xmodal", db.credentials().password()).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
            assertThat(query(db.superuserDataSource("postgres"), "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
                    .containsExactly("t");
        }
    }

    @Test
    void keepsThePasswordsInAnOwnerOnlyFileAndReusesThem(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        Path file = EmbeddedDatabase.credentialsFile(data);
        String first;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data)) {
            assertThat(file).isEqualTo(dir.resolve("postgres.credentials"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file)).contains(db.credentials().password(), db.credentials().superuserPassword());
            assertThat(db.credentials().password()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(db.credentials().superuserPassword());
            first = Files.readString(file);
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data)) {
            assertThat(Files.readString(file)).isEqualTo(first);
            assertThat(query(again.dataSource(), "SELECT current_user")).containsExactly("xmodal");
        }
        try (EmbeddedDatabase other = EmbeddedDatabase.start(dir.resolve("other"))) {
            assertThat(other.credentials().password()).isNotEqualTo(DatabaseCredentials.load(file).password());
        }
    }

    @Test
    void refusesToStartWhenThePasswordsOfASecuredFolderAreMissing(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        EmbeddedDatabase.start(data).close();
        Files.delete(EmbeddedDatabase.credentialsFile(data));
        assertThatThrownBy(() -> EmbeddedDatabase.start(data)).isInstanceOf(XmodalException.class)
                .hasMessageContaining("postgres.credentials, which is missing");
    }

    @Test
    void upgradesADataFolderOfAnEarlierVersionInPlace(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        // exactly as earlier versions started it: zonky's defaults, initdb -A trust, everything in database postgres
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start()) {
            Schema.migrate(old.getPostgresDatabase());
            query(old.getPostgresDatabase(), "INSERT INTO experiment (name, created_at) VALUES ('kept', now()) RETURNING name");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data)) {
            assertThat(query(db.dataSource(), "SELECT name FROM experiment")).containsExactly("kept");
            assertThat(Schema.migrate(db.dataSource())).isZero();
            assertThat(query(db.dataSource(), "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c JOIN pg_namespace n "
                    + "ON n.oid = c.relnamespace WHERE n.nspname = 'public'")).containsExactly("xmodal");
            query(db.dataSource(), "INSERT INTO experiment (name, created_at) VALUES ('new', now()) RETURNING name");
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust");
            assertThatThrownBy(() -> DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres?user=postgres").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data)) {
            assertThat(query(again.dataSource(), "SELECT name FROM experiment ORDER BY id")).containsExactly("kept", "new");
        }
    }

    private static List<String> query(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            List<String> values = new ArrayList<>();
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
            }
            return values;
        }
    }
}
