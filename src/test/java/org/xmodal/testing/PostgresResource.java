package org.xmodal.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.xmodal.platform.DatabaseCredentials;
import org.xmodal.platform.EmbeddedDatabase;

/**
 * A real PostgreSQL for the Quarkus tests: one embedded server per test JVM, in a fresh folder, started before
 * the application, secured as a user's is (the application connects as its own role, with a password). Also
 * creates {@code target/test-root}, a registry root the tests may put files and links in.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static final List<Path> PG_DUMP = List.of(Path.of("/usr/lib/postgresql/15/bin/pg_dump"), Path.of("/usr/bin/pg_dump"),
            Path.of("/usr/local/bin/pg_dump"));
    private static EmbeddedDatabase database;

    public static synchronized EmbeddedDatabase database() {
        if (database == null) {
            try {
                Files.createDirectories(testRoot());
                database = EmbeddedDatabase.start(Files.createTempDirectory("xmodal-test-pg").resolve("postgres"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(database::close));
        }
        return database;
    }

    /** A registry root (configured for tests) where tests may create files and symbolic links. */
    public static Path testRoot() {
        return Demo.root().resolve("target/test-root");
    }

    /** The superuser's name and password (and the application's), for tests that inspect the server as a whole. */
    public static DatabaseCredentials credentials() {
        return database().credentials();
    }

    /** A JDBC URL that connects to the application database as the superuser, password included. */
    public static String superuserJdbcUrl() {
        DatabaseCredentials c = credentials();
        return database().jdbcUrl() + "?user=" + c.superuser() + "&password=" + c.superuserPassword();
    }

    /** A plain SQL dump of the application database, made by pg_dump as the superuser; skips the test without pg_dump. */
    public static String dump() throws IOException, InterruptedException {
        Optional<Path> pgDump = pgDump();
        Assumptions.assumeTrue(pgDump.isPresent(), "no pg_dump (looked for " + PG_DUMP + " and on PATH): install postgresql-client-15");
        EmbeddedDatabase db = database();
        ProcessBuilder builder = new ProcessBuilder(pgDump.get().toString(), "--no-password", "-h", "127.0.0.1",
                "-p", Integer.toString(db.port()), "-U", credentials().superuser(), "-d", credentials().database());
        builder.environment().put("PGPASSWORD", credentials().superuserPassword());
        Path errors = Files.createTempFile("pg_dump", ".err");
        Process process = builder.redirectError(errors.toFile()).start();
        String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("pg_dump failed: " + Files.readString(errors));
        }
        Files.delete(errors);
        return dump;
    }

    private static Optional<Path> pgDump() {
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "pg_dump"));
        return Stream.concat(PG_DUMP.stream(), onPath).filter(Files::isExecutable).findFirst();
    }

    @Override
    public Map<String, String> start() {
        EmbeddedDatabase db = database();
        return Map.of("quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.username", db.credentials().user(),
                "quarkus.datasource.password", db.credentials().password());
    }

    @Override
    public void stop() {
        // the server outlives application restarts between test classes; the shutdown hook stops it
    }
}
