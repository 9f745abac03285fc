package org.xmodal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code xmodal admin} on the server machine: the first administrator and a project, written to the embedded database. */
class AdminCommandTest {
    @TempDir
    Path home;

    private final InputStream stdin = System.in;

    @AfterEach
    void restore() {
        System.setIn(stdin);
    }

    private record Outcome(int exit, String out, String err) {
    }

    private Outcome xmodal(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = XmodalCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Outcome(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void theFirstAdministratorAndAProjectAreCreatedWithAHashedPassword() throws Exception {
        String password = "a long enough secret 42";
        Outcome weak = xmodal("short\n", "admin", "create-user", "alice", "--admin", "--password-stdin", "--home", home.toString());
        assertThat(weak.exit()).isEqualTo(2);
        assertThat(weak.err()).contains("at least 10 characters");

        Outcome created = xmodal(password + "\n", "admin", "create-user", "alice", "--admin", "--password-stdin", "--home", home.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("created the administrator alice");

        Outcome again = xmodal(password + "\n", "admin", "create-user", "alice", "--password-stdin", "--home", home.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("exists already");

        Outcome project = xmodal("", "admin", "create-project", "lab-a", "--owner", "alice", "--roots", "/data/lab-a", "--home", home.toString());
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
