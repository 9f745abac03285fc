package org.xmodal.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The embedded default: a real PostgreSQL server that xmodal starts itself when no database is configured. Its
 * data lives in a folder of the user's and survives restarts; a second start reuses it.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /** Starts PostgreSQL on a free local port with its data in {@code dataDirectory} (created when absent). */
    public static EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, Map.of());
    }

    /** As {@link #start(Path)}, with server settings that override the embedded ones (which include fsync off). */
    public static EmbeddedDatabase start(Path dataDirectory, Map<String, String> settings) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false);
            settings.forEach(builder::setServerConfig);
            EmbeddedPostgres server = builder.start();
            return new EmbeddedDatabase(server, dataDirectory);
        } catch (IOException | RuntimeException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot start the embedded PostgreSQL in " + dataDirectory
                    + ": " + e.getMessage() + " (or configure an external database)", e);
        }
    }

    public DataSource dataSource() {
        return server.getPostgresDatabase();
    }

    public String jdbcUrl() {
        return server.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot stop the embedded PostgreSQL in " + dataDirectory, e);
        }
    }
}
