package org.xmodal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.xmodal.platform.DatabaseCredentials;
import org.xmodal.platform.EmbeddedDatabase;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.PostmasterPidFile;
import org.xmodal.platform.XmodalException;
import picocli.CommandLine.Option;

/**
 * The database of the server on this machine, for {@code xmodal admin}: the external one named, else the embedded
 * one under {@code --home}, reached where a node is running it, or started for the command when none is.
 */
final class AdminDatabase implements AutoCloseable {
    @Option(names = "--home", defaultValue = "${sys:user.home}/.xmodal",
            description = "The node's folder, holding the embedded database (default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--database-url", defaultValue = "${env:XMODAL_DATABASE_URL}", description = "JDBC URL of an external PostgreSQL.")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "${env:XMODAL_DATABASE_USER:-postgres}", description = "User of the external database.")
    String databaseUser;

    @Option(names = "--database-password", defaultValue = "${env:XMODAL_DATABASE_PASSWORD:-postgres}",
            description = "Password of the external database.")
    String databasePassword;

    private EmbeddedDatabase started;

    /** A connection with the schema migrated (as a node's first start would), in auto-commit off. */
    Connection connect() throws SQLException {
        String url = databaseUrl;
        String user = databaseUser;
        String password = databasePassword;
        if (url == null || url.isBlank()) {
            Path data = home.resolve("postgres");
            Integer port = runningPort(data);
            DatabaseCredentials credentials;
            if (port != null) {
                credentials = credentials(data);
                url = "jdbc:postgresql://127.0.0.1:" + port + "/" + credentials.database();
            } else {
                started = EmbeddedDatabase.start(data, Map.of("fsync", "on", "synchronous_commit", "on"));
                credentials = started.credentials();
                url = started.jdbcUrl();
            }
            user = credentials.user();
            password = credentials.password();
        }
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        Connection connection = DriverManager.getConnection(url, user, password);
        connection.setAutoCommit(false);
        return connection;
    }

    /** The port of the embedded server a node is running on {@code data}, or null when none runs. */
    private static Integer runningPort(Path data) {
        return PostmasterPidFile.read(data).filter(PostmasterPidFile::serverAlive)
                .filter(file -> file.port().isPresent()).map(file -> file.port().getAsInt()).orElse(null);
    }

    private static DatabaseCredentials credentials(Path data) {
        try {
            return DatabaseCredentials.load(EmbeddedDatabase.credentialsFile(data));
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read the database credentials beside " + data + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
    }
}
