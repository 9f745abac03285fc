package org.xmodal.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The embedded default: a real PostgreSQL server that xmodal starts itself when no database is configured. Its
 * data lives in a folder of the user's and survives restarts; a second start reuses it. It listens on 127.0.0.1
 * only, every connection needs a password (kept in {@code <data folder>.credentials}, mode 0600), and xmodal
 * connects as a role that owns its database and nothing else.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final DatabaseCredentials credentials;

    private EmbeddedDatabase(EmbeddedPostgres server, Path dataDirectory, DatabaseCredentials credentials) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.credentials = credentials;
    }

    /** Starts PostgreSQL on a free local port with its data in {@code dataDirectory} (created when absent). */
    public static EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, Map.of());
    }

    /** As {@link #start(Path)}, with server settings that override the embedded ones (which include fsync off). */
    public static EmbeddedDatabase start(Path dataDirectory, Map<String, String> settings) {
        return start(dataDirectory, settings, 0);
    }

    /** As {@link #start(Path, Map)}, on {@code port} (0: a free one): a restart keeps the JDBC URL that clients hold. */
    public static EmbeddedDatabase start(Path dataDirectory, Map<String, String> settings, int port) {
        Path pwfile = null;
        try {
            Files.createDirectories(dataDirectory);
            boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
            boolean upgrading = !fresh && HostBasedAuthentication.trusts(dataDirectory);
            DatabaseCredentials credentials = credentials(credentialsFile(dataDirectory), fresh || upgrading);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binariesFolder().toFile())
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setConnectConfig("password", credentials.superuserPassword())
                    .setDataDirectoryCustomizer(dir -> HostBasedAuthentication.write(dir.toPath(),
                            upgrading ? HostBasedAuthentication.UPGRADE : HostBasedAuthentication.PASSWORDS));
            if (fresh) {
                // zonky forwards "locale" settings to initdb as --key=value: the superuser has its password from the start
                pwfile = credentials.writeSuperuserPasswordFile(dataDirectory.toAbsolutePath().getParent());
                builder.setLocaleConfig("pwfile", pwfile.toString());
            }
            settings.forEach(builder::setServerConfig);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), dataDirectory, credentials);
            database.provision(upgrading);
            return database;
        } catch (IOException | SQLException | RuntimeException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot start the embedded PostgreSQL in " + dataDirectory
                    + ": " + e.getMessage() + " (or configure an external database)", e);
        } finally {
            deleteQuietly(pwfile);
        }
    }

    /**
     * Where the PostgreSQL binaries are unpacked: a folder only this user can write ({@code xmodal.postgres.binaries},
     * else {@code ~/.cache/xmodal/postgres}). The library's own default, a world-writable folder under /tmp, would let
     * another local user replace the binaries that this user then runs.
     */
    static Path binariesFolder() throws IOException {
        Path folder = Path.of(System.getProperty("xmodal.postgres.binaries",
                Path.of(System.getProperty("user.home"), ".cache", "xmodal", "postgres").toString()));
        var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder.getParent());
            try {
                Files.createDirectory(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another node or test JVM made it at the same moment
            }
        }
        if (!Files.getPosixFilePermissions(folder).equals(ownerOnly)) {
            Files.setPosixFilePermissions(folder, ownerOnly);
        }
        return folder;
    }

    /** Where the passwords of the server in {@code dataDirectory} are kept: next to it, {@code <folder>.credentials}. */
    public static Path credentialsFile(Path dataDirectory) {
        Path absolute = dataDirectory.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".credentials");
    }

    private static DatabaseCredentials credentials(Path file, boolean mayCreate) throws IOException {
        if (Files.exists(file)) {
            return DatabaseCredentials.load(file);
        }
        if (!mayCreate) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "its passwords are kept in " + file
                    + ", which is missing: restore that file, or move the data folder away to start afresh");
        }
        return DatabaseCredentials.create(file);
    }

    private void provision(boolean upgrading) throws SQLException {
        try {
            DatabaseProvisioning provisioning = new DatabaseProvisioning(this::superuserDataSource, credentials);
            provisioning.provision(upgrading);
            if (upgrading) {
                HostBasedAuthentication.write(dataDirectory, HostBasedAuthentication.PASSWORDS);
                provisioning.reloadAndCloseOtherSessions();
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The application role's connections to the application database. */
    public DataSource dataSource() {
        return dataSource(credentials.user(), credentials.password(), credentials.database());
    }

    /** Superuser connections to {@code database}: for provisioning, and for tests that inspect the server as a whole. */
    public DataSource superuserDataSource(String database) {
        return dataSource(credentials.superuser(), credentials.superuserPassword(), database);
    }

    /** The application database, without credentials: they go separately, see {@link #credentials()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + credentials.database();
    }

    public DatabaseCredentials credentials() {
        return credentials;
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The postmaster's process id, from its {@code postmaster.pid}. */
    public long serverPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "no running PostgreSQL in " + dataDirectory, e);
        }
    }

    /** Whether the postmaster still runs. */
    public boolean alive() {
        try {
            return ProcessHandle.of(serverPid()).map(ProcessHandle::isAlive).orElse(false);
        } catch (XmodalException e) {
            return false;
        }
    }

    private DataSource dataSource(String user, String password, String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {HOST});
        ds.setPortNumbers(new int[] {port()});
        ds.setDatabaseName(database);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary owner-only file; the next start writes a new one
        }
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
