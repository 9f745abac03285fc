package org.xmodal.cli;

import java.nio.file.Path;
import java.util.List;
import org.xmodal.evaluation.EngineThreads;
import org.xmodal.platform.EmbeddedDatabase;
import picocli.CommandLine.Option;

/**
 * Options of the commands that start the platform. Without a database URL the embedded default starts its
 * own PostgreSQL with its data under {@code --home}; a second start reuses it.
 */
final class ServerOptions {
    @Option(names = "--home", defaultValue = "${sys:user.home}/.xmodal",
            description = "Folder for the embedded database and other state (default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--database-url", defaultValue = "${env:XMODAL_DATABASE_URL}",
            description = "JDBC URL of an external PostgreSQL (default: $XMODAL_DATABASE_URL, else the embedded one).")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "${env:XMODAL_DATABASE_USER:-postgres}", description = "Database user.")
    String databaseUser;

    @Option(names = "--database-password", defaultValue = "${env:XMODAL_DATABASE_PASSWORD:-postgres}",
            description = "Database password.")
    String databasePassword;

    @Option(names = "--port", defaultValue = "${env:XMODAL_PORT:-8080}", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--devices", split = ",", defaultValue = "${env:XMODAL_DEVICES:-cpu}",
            description = "Devices this node runs shards on, one worker thread each: cpu, gpu:0, gpu:1, auto (default: ${DEFAULT-VALUE}).")
    List<String> devices;

    @Option(names = "--api-only", description = "Serve the API and enqueue sweeps, but never execute shards on this node.")
    boolean apiOnly;

    @Option(names = "--node-name", description = "Name of this node in worker and shard records (default: host-pid).")
    String nodeName;

    @Option(names = "--threads", description = "CPU threads of the PyTorch engine (default: all cores).")
    Integer threads;

    @Option(names = "--demo-dir", defaultValue = "${sys:xmodal.demo.dir:-demo}",
            description = "The bundled demo, registered on first start (default: ${DEFAULT-VALUE}).")
    Path demoDir;

    /** Turns the options into system properties before Quarkus and DJL read their configuration. */
    EmbeddedDatabase apply() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("quarkus.http.port", Integer.toString(port));
        System.setProperty("xmodal.worker.devices", String.join(",", devices));
        System.setProperty("quarkus.quartz.thread-count", Integer.toString(Math.max(1, devices.size())));
        if (apiOnly) {
            System.setProperty("xmodal.worker.enabled", "false");
            System.setProperty("quarkus.scheduler.start-mode", "halted");
        }
        if (nodeName != null) {
            System.setProperty("xmodal.node-name", nodeName);
        }
        EngineThreads.use(threads);
        System.setProperty("xmodal.registry.demo", demoDir.toString());
        String roots = System.getProperty("xmodal.registry.roots", "demo");
        if (!List.of(roots.split(",")).contains(demoDir.toString())) {
            System.setProperty("xmodal.registry.roots", roots + "," + demoDir);
        }
        EmbeddedDatabase embedded = null;
        String url = databaseUrl;
        if (url == null || url.isBlank()) {
            url = System.getProperty("quarkus.datasource.jdbc.url", System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
        }
        if (url == null || url.isBlank()) {
            Path dataDir = home.resolve("postgres");
            System.err.println("starting the embedded PostgreSQL (data in " + dataDir + ")");
            // the user's results live here: durable commits, whatever the embedded server's own defaults
            embedded = EmbeddedDatabase.start(dataDir, java.util.Map.of("fsync", "on", "synchronous_commit", "on"));
            url = embedded.jdbcUrl();
        }
        System.setProperty("quarkus.datasource.jdbc.url", url);
        System.setProperty("quarkus.datasource.username", databaseUser);
        System.setProperty("quarkus.datasource.password", databasePassword);
        return embedded;
    }
}
