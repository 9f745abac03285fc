package org.xmodal.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The embedded default: a real PostgreSQL server that xmodal starts itself when no database is configured. Its
 * data lives in a folder of the user's and survives restarts; a second start reuses it. It listens on 127.0.0.1
 * only, every connection needs a password (kept in {@code <data folder>.credentials}, mode 0600), and xmodal
 * connects as a role that owns its database and nothing else. The server dies with the JVM that started it
 * ({@link PostmasterWatchdog}); a start first deals with what a crash left in the folder ({@link StalePostmaster});
 * a node keeps its server up with a {@link DatabaseSupervisor}.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    /** The servers that this JVM started and has not closed, by data folder (symbolic links resolved). */
    private static final Map<Path, EmbeddedDatabase> RUNNING = new HashMap<>();
    private final Postmaster server;
    private final Path dataDirectory;
    private final DatabaseCredentials credentials;

    private EmbeddedDatabase(Postmaster server, Path dataDirectory, DatabaseCredentials credentials) {
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

    /**
     * As {@link #start(Path, Map)}, on {@code port} (0: a free one). What an earlier server left in the folder is dealt
     * with first (see {@link StalePostmaster}); a server of this JVM that died there is let go of, so that a caller can
     * kill the server ({@link #serverPid()}) and start it again on the same port and folder. A folder whose server
     * runs, in this JVM or in another live process, is refused.
     */
    public static EmbeddedDatabase start(Path dataDirectory, Map<String, String> settings, int port) {
        synchronized (RUNNING) {
            try {
                Files.createDirectories(dataDirectory);
                Path folder = ServerProcesses.real(dataDirectory);
                letGoOfDeadServer(folder);
                StalePostmaster.prepare(folder);
                return launch(dataDirectory, folder, settings, port);
            } catch (IOException | SQLException | RuntimeException e) {
                if (e instanceof XmodalException x && x.code() == ErrorCode.CONFLICT) {
                    throw x;
                }
                throw new XmodalException(ErrorCode.IO_FAILURE, "cannot start the embedded PostgreSQL in " + dataDirectory
                        + ": " + e.getMessage() + " (or configure an external database)", e);
            }
        }
    }

    private static EmbeddedDatabase launch(Path given, Path folder, Map<String, String> settings, int port) throws IOException, SQLException {
        Path pwfile = null;
        try {
            boolean fresh = !Files.exists(folder.resolve("postgresql.conf"));
            boolean upgrading = !fresh && HostBasedAuthentication.trusts(folder);
            DatabaseCredentials credentials = credentials(credentialsFile(given), fresh || upgrading);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setConnectConfig("password", credentials.superuserPassword())
                    .setDataDirectoryCustomizer(dir -> HostBasedAuthentication.write(dir.toPath(),
                            upgrading ? HostBasedAuthentication.UPGRADE : HostBasedAuthentication.PASSWORDS));
            if (fresh) {
                // zonky forwards "locale" settings to initdb as --key=value: the superuser has its password from the start
                pwfile = credentials.writeSuperuserPasswordFile(folder.getParent());
                builder.setLocaleConfig("pwfile", pwfile.toString());
            }
            if (System.getProperty("os.name").startsWith("Linux")) {
                // after a crash the server syncs its data folder before recovery: one syncfs() instead of an fsync per
                // file (3-4 s here) brings a killed server back within a second
                builder.setServerConfig("recovery_init_sync_method", "syncfs");
            }
            settings.forEach(builder::setServerConfig);
            EmbeddedDatabase database = new EmbeddedDatabase(Postmaster.start(builder, folder), folder, credentials);
            RUNNING.put(folder, database);
            database.provision(upgrading);
            return database;
        } finally {
            deleteQuietly(pwfile);
        }
    }

    /** Forgets this JVM's handle on a server of {@code folder} that died, or refuses when that server still runs. */
    private static void letGoOfDeadServer(Path folder) {
        EmbeddedDatabase previous = RUNNING.get(folder);
        if (previous == null) {
            return;
        }
        if (previous.alive()) {
            throw new XmodalException(ErrorCode.CONFLICT, "the embedded PostgreSQL in " + folder + " already runs in this process (pid "
                    + previous.serverPid() + " on port " + previous.port() + "): close it first");
        }
        previous.close();
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
        return server.port();
    }

    /** The data folder, symbolic links resolved. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The process id of the server (its postmaster), e.g. for a test that kills it; it changes with {@link #restart()}. */
    public long serverPid() {
        return server.pid();
    }

    /** Whether the server still runs: its postmaster is alive (not a zombie) and works in this data folder. */
    public boolean alive() {
        return server.alive();
    }

    /**
     * Starts the server again after it died, on the same port and folder, so that the JDBC URL stays valid (see
     * {@link Postmaster#restart}); its output goes to {@code <data folder>.log}.
     */
    void restart() throws IOException {
        server.restart(dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log"));
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

    /** Stops the server (fast shutdown) and its watchdog; a server that died already is only let go of. */
    @Override
    public void close() {
        synchronized (RUNNING) {
            RUNNING.remove(dataDirectory, this);
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot stop the embedded PostgreSQL in " + dataDirectory, e);
        }
    }
}
