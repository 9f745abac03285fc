package org.xmodal.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Asks the database once whether a new session could write, on a connection of its own: not the pool's, whose
 * connections may be stale, busy or still writable in an old session. Every step has a timeout of a few seconds,
 * so a database that hangs makes the probe fail instead of hanging with it.
 */
@ApplicationScoped
public class DatabaseProbe {
    static final int CONNECT_SECONDS = 2;
    static final int ANSWER_SECONDS = 3;
    private static final Logger LOG = Logger.getLogger(DatabaseProbe.class);
    private final Optional<String> url;
    private final Optional<String> user;
    private final Optional<String> password;

    public DatabaseProbe(@ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url,
                         @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                         @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Writable, read-only (a standby, or new transactions read-only by default) or unreachable, as of {@code now}. */
    public DatabaseState probe(Instant now) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(ANSWER_SECONDS);
            // one autocommit statement is a fresh transaction: it starts with the server's current default
            try (ResultSet r = statement.executeQuery("SELECT current_setting('transaction_read_only'), pg_is_in_recovery()")) {
                r.next();
                if (r.getBoolean(2)) {
                    return new DatabaseState(DatabaseState.Health.READ_ONLY, "it is a standby in recovery", now);
                }
                return "on".equals(r.getString(1))
                        ? new DatabaseState(DatabaseState.Health.READ_ONLY, "new transactions are read-only (default_transaction_read_only)", now)
                        : DatabaseState.writable(now);
            }
        } catch (SQLException e) {
            LOG.debugf("database probe failed: %s (SQLSTATE %s)", e.getMessage(), e.getSQLState());
            return DatabaseFailure.in(e).map(f -> DatabaseState.of(f, now))
                    .orElseGet(() -> new DatabaseState(DatabaseState.Health.UNREACHABLE,
                            "it refused the probe (SQLSTATE " + e.getSQLState() + ")", now));
        }
    }

    private Connection connect() throws SQLException {
        String jdbcUrl = url.orElseThrow(() -> new SQLException("no database URL is configured", "08001"));
        Properties properties = new Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(ANSWER_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(ANSWER_SECONDS));
        properties.setProperty("ApplicationName", "xmodal health probe");
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl, properties);
        if (connection == null) {
            throw new SQLException("the database URL is not a PostgreSQL URL", "08001");
        }
        return connection;
    }
}
