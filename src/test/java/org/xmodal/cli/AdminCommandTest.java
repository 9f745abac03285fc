package org.xmodal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xmodal admin} on the server machine: the first administrator and a project, written to the embedded database. */
class AdminCommandTest {
    @TempDir
    Path home;

    private static Cli.Outcome xmodal(String input, String... args) {
        return Cli.run(input, args);
    }

    @Test
    void theFirstAdministratorAndAProjectAreCreatedWithAHashedPassword() throws Exception {
        String password = "a long enough secret 42";
        Cli.Outcome weak = xmodal("short\n", "admin", "create-user", "alice", "--admin", "--password-stdin", "--home", home.toString());
        assertThat(weak.exit()).isEqualTo(2);
        assertThat(weak.err()).contains("at least 10 characters");

        Cli.Outcome created = xmodal(password + "\n", "admin", "create-user", "alice", "--admin", "--password-stdin", "--home", home.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("created the administrator alice");

        Cli.Outcome again = xmodal(password + "\n", "admin", "create-user", "alice", "--password-stdin", "--home", home.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("exists already");

        Cli.Outcome project = xmodal("", "admin", "create-project", "lab-a", "--owner", "alice", "--roots", "/data/lab-a", "--home", home.toString());
        assertThat(project.exit()).as(project.err()).isZero();

        AdminDatabase database = new AdminDatabase();
        database.home = home;
        try (database; Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery("""
                SELECT u.password_hash, u.admin, m.role, array_to_string(p.registry_roots, ','),
                       (SELECT count(*) FROM audit_event WHERE via = 'cli')
                FROM app_user u JOIN project_member m ON m.user_id = u.id JOIN project p ON p.id = m.project_id
                WHERE u.username = 'alice'""")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("$argon2id$").doesNotContain(password);
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getString(3)).isEqualTo("owner");
            assertThat(rs.getString(4)).isEqualTo("/data/lab-a");
            assertThat(rs.getLong(5)).isEqualTo(2);
        }
    }
}
