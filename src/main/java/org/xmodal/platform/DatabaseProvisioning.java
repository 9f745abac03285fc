package org.xmodal.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * What the embedded server's superuser sets up on every start, idempotently: the application role and its
 * password, the application database owned by that role (moved there from database {@code postgres} when the
 * data folder comes from an earlier version), and nobody else's access to it.
 */
final class DatabaseProvisioning {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    private final Function<String, DataSource> superuser;
    private final DatabaseCredentials credentials;
    private final String role;
    private final String database;

    /** {@code superuser} gives a superuser data source for a database name. */
    DatabaseProvisioning(Function<String, DataSource> superuser, DatabaseCredentials credentials) {
        this.superuser = superuser;
        this.credentials = credentials;
        this.role = identifier(credentials.user());
        this.database = identifier(credentials.database());
    }

    /** Runs every step; {@code upgrading} when the server still trusts the superuser (an earlier version's data folder). */
    void provision(boolean upgrading) throws SQLException {
        if (upgrading) {
            setPassword("postgres", identifier(credentials.superuser()), credentials.superuserPassword());
        }
        ensureRole();
        ensureDatabase();
        transferOwnership();
        execute("postgres", "REVOKE ALL ON DATABASE postgres, template1, " + database + " FROM PUBLIC");
    }

    /** Applies a rewritten pg_hba.conf and ends every other session, which may have come in while it trusted. */
    void reloadAndCloseOtherSessions() throws SQLException {
        execute("postgres", "SELECT pg_reload_conf()");
        execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'");
    }

    private void ensureRole() throws SQLException {
        String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
        execute("postgres", exists("postgres", "SELECT 1 FROM pg_roles WHERE rolname = ?", role)
                ? "ALTER ROLE " + role + attributes : "CREATE ROLE " + role + attributes);
        setPassword("postgres", role, credentials.password());
    }

    private void ensureDatabase() throws SQLException {
        if (exists("postgres", "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
            return;
        }
        if (exists("postgres", "SELECT 1 WHERE to_regclass(?) IS NOT NULL", "public.flyway_schema_history")) {
            // an earlier version kept everything in database postgres: rename it (from template1, as a database in use
            // cannot be renamed) and give the superuser a fresh maintenance database
            execute("template1", "ALTER DATABASE postgres RENAME TO " + database);
            execute("template1", "CREATE DATABASE postgres");
            execute("template1", "ALTER DATABASE " + database + " OWNER TO " + role);
        } else {
            execute("template1", "CREATE DATABASE " + database + " OWNER " + role);
        }
    }

    /** Hands every table and sequence of schema public to the role; a no-op once done (REASSIGN OWNED cannot move the bootstrap superuser's objects). */
    private void transferOwnership() throws SQLException {
        String loop = "FOR r IN SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'public' AND c.relkind IN (%s) AND c.relowner <> '" + role + "'::regrole "
                + "LOOP EXECUTE format('ALTER %s %%s OWNER TO " + role + "', r.rel); END LOOP;";
        // tables first: a table takes its serial and identity sequences along, which refuse a change of their own
        execute(database, "DO $$ DECLARE r record; BEGIN "
                + loop.formatted("'r', 'p', 'v', 'm', 'f'", "TABLE") + loop.formatted("'S'", "SEQUENCE") + " END $$");
    }

    private void setPassword(String db, String user, String password) throws SQLException {
        try (Connection c = superuser.apply(db).getConnection()) {
            // hashed here: the server and its logs never see the password itself
            c.unwrap(PGConnection.class).alterUserPassword(user, password.toCharArray(), "scram-sha-256");
        }
    }

    private boolean exists(String db, String sql, String parameter) throws SQLException {
        try (Connection c = superuser.apply(db).getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void execute(String db, String sql) throws SQLException {
        try (Connection c = superuser.apply(db).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new XmodalException(ErrorCode.INVALID_ARGUMENT, "not a plain PostgreSQL name: " + name);
        }
        return name;
    }
}
