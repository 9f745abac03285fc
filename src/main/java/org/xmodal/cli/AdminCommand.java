package org.xmodal.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.xmodal.access.Passwords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xmodal admin}: what is done on the server machine itself, with its database: the first administrator, a
 * forgotten password, a project. Everything else is done by an administrator over the API or in the web UI.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Administer a server from its own machine (database access).",
        subcommands = {AdminCommand.CreateUser.class, AdminCommand.SetPassword.class, AdminCommand.CreateProject.class})
public final class AdminCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by the subcommands that take a password. */
    static final class PasswordInput {
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean stdin;

        String read(String user) throws IOException {
            if (stdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return line == null ? "" : line;
            }
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("no terminal to ask for the password: use --password-stdin");
            }
            char[] first = console.readPassword("new password for %s: ", user);
            char[] again = console.readPassword("again: ");
            if (!Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return new String(first);
        }
    }

    @Command(name = "create-user", mixinStandardHelpOptions = true, description = "Create a user with a password (the first administrator, say).")
    static final class CreateUser implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        AdminDatabase database = new AdminDatabase();
        @Mixin
        PasswordInput password = new PasswordInput();
        @Parameters(index = "0", description = "User name: letters, digits, '.', '_', '@' or '-'.")
        String username;
        @Option(names = "--admin", description = "Make the user an administrator (users, projects, registry roots).")
        boolean admin;
        @Option(names = "--display-name", description = "The user's name as shown.")
        String displayName = "";

        @Override
        public Integer call() throws Exception {
            if (!username.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}") || username.equals("local")) {
                throw new IllegalArgumentException("user name: 1–64 letters, digits, '.', '_', '@' or '-', and not 'local'");
            }
            String hash = Passwords.hashNew(password.read(username));
            try (AdminDatabase db = database; Connection c = db.connect()) {
                if (exists(c, "SELECT 1 FROM app_user WHERE username = ?", username)) {
                    throw new IllegalArgumentException("a user named " + username + " exists already (set a password with admin set-password)");
                }
                update(c, "INSERT INTO app_user (username, display_name, password_hash, admin, created_at) VALUES (?, ?, ?, ?, now())",
                        username, displayName, hash, admin);
                audit(c, "user.create", "user " + username + (admin ? " (administrator)" : ""));
                c.commit();
            }
            spec.commandLine().getOut().printf("created %s%s%n", admin ? "the administrator " : "the user ", username);
            return 0;
        }
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true, description = "Set a user's password (and end their browser sessions).")
    static final class SetPassword implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        AdminDatabase database = new AdminDatabase();
        @Mixin
        PasswordInput password = new PasswordInput();
        @Parameters(index = "0", description = "User name.")
        String username;

        @Override
        public Integer call() throws Exception {
            String hash = Passwords.hashNew(password.read(username));
            try (AdminDatabase db = database; Connection c = db.connect()) {
                if (update(c, "UPDATE app_user SET password_hash = ? WHERE username = ? AND username <> 'local'", hash, username) == 0) {
                    throw new IllegalArgumentException("no user named " + username);
                }
                update(c, "DELETE FROM web_session WHERE user_id = (SELECT id FROM app_user WHERE username = ?)", username);
                audit(c, "user.update", "user " + username + ": password set");
                c.commit();
            }
            spec.commandLine().getOut().printf("set the password of %s%n", username);
            return 0;
        }
    }

    @Command(name = "create-project", mixinStandardHelpOptions = true, description = "Create a project with its owner and registry roots.")
    static final class CreateProject implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        AdminDatabase database = new AdminDatabase();
        @Parameters(index = "0", description = "Project name: letters, digits, '.', '_' or '-'.")
        String name;
        @Option(names = "--owner", required = true, description = "The user who owns it (adds members, changes settings).")
        String owner;
        @Option(names = "--roots", split = ",", description = "Folders its models and datasets must lie in (default: the server's roots).")
        List<String> roots = List.of();

        @Override
        public Integer call() throws Exception {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("project name: 1–64 letters, digits, '.', '_' or '-'");
            }
            try (AdminDatabase db = database; Connection c = db.connect()) {
                if (!exists(c, "SELECT 1 FROM app_user WHERE username = ? AND username <> 'local'", owner)) {
                    throw new IllegalArgumentException("no user named " + owner + " (create it with admin create-user)");
                }
                if (exists(c, "SELECT 1 FROM project WHERE name = ?", name)) {
                    throw new IllegalArgumentException("a project named " + name + " exists already");
                }
                update(c, "INSERT INTO project (name, registry_roots, created_at) VALUES (?, ?, now())", name,
                        c.createArrayOf("text", roots.toArray()));
                update(c, "INSERT INTO project_member (project_id, user_id, role) SELECT p.id, u.id, 'owner' FROM project p, app_user u "
                        + "WHERE p.name = ? AND u.username = ?", name, owner);
                audit(c, "project.create", "project " + name + " owned by " + owner);
                c.commit();
            }
            spec.commandLine().getOut().printf("created the project %s, owned by %s%n", name, owner);
            return 0;
        }
    }

    static boolean exists(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, values); ResultSet rs = s.executeQuery()) {
            return rs.next();
        }
    }

    static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, values)) {
            return s.executeUpdate();
        }
    }

    /** The audit log records what was done on the server machine, by the operating-system user who did it. */
    static void audit(Connection c, String action, String target) throws SQLException {
        update(c, "INSERT INTO audit_event (at, actor, action, target, status, via) VALUES (now(), ?, ?, ?, 200, 'cli')",
                "os:" + System.getProperty("user.name"), action, target);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... values) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            s.setObject(i + 1, values[i]);
        }
        return s;
    }
}
