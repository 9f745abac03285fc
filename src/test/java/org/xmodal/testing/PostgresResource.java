package org.xmodal.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.xmodal.platform.EmbeddedDatabase;

/**
 * A real PostgreSQL for the Quarkus tests: one embedded server per test JVM, in a fresh folder, started before
 * the application. Also creates {@code target/test-root}, a registry root the tests may put files and links in.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedDatabase database;

    public static synchronized EmbeddedDatabase database() {
        if (database == null) {
            try {
                Files.createDirectories(testRoot());
                database = EmbeddedDatabase.start(Files.createTempDirectory("xmodal-test-pg"));
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

    @Override
    public Map<String, String> start() {
        EmbeddedDatabase db = database();
        return Map.of("quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        // the server outlives application restarts between test classes; the shutdown hook stops it
    }
}
