package org.xmodal.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xmodal.evaluation.EngineThreads;
import org.xmodal.platform.EmbeddedDatabase;
import org.xmodal.platform.ListenAddress;
import picocli.CommandLine.Option;

/**
 * Options of the commands that start the platform. Without a database URL the embedded default starts its
 * own PostgreSQL with its data under {@code --home}; a second start reuses it. By default the node listens on
 * loopback only; listening on the network needs {@code --team} (authentication).
 */
final class ServerOptions {
    @Option(names = "--home", defaultValue = "${sys:user.home}/.xmodal",
            description = "Folder for the embedded database and other state (default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--database-url", defaultValue = "${env:XMODAL_DATABASE_URL}",
            description = "JDBC URL of an external PostgreSQL (default: $XMODAL_DATABASE_URL, else the embedded one).")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "${env:XMODAL_DATABASE_USER}",
            description = "User of the external database (default: $XMODAL_DATABASE_USER, else postgres; the embedded one has its own).")
    String databaseUser;

    @Option(names = "--database-password", defaultValue = "${env:XMODAL_DATABASE_PASSWORD}",
            description = "Password of the external database (default: $XMODAL_DATABASE_PASSWORD, else postgres; the embedded "
                    + "one generates its own, kept in <home>/postgres.credentials).")
    String databasePassword;

    @Option(names = "--host", defaultValue = "${env:XMODAL_HOST:-" + ListenAddress.DEFAULT + "}",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only); any other address needs --team.")
    String host;

    @Option(names = "--team", defaultValue = "${env:XMODAL_TEAM:-false}",
            description = "Team server mode: authentication required (users, projects, tokens); lets the node listen on the network.")
    boolean team;

    @Option(names = "--port", defaultValue = "${env:XMODAL_PORT:-8080}", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tls-cert", defaultValue = "${env:XMODAL_TLS_CERT}",
            description = "Certificate (PEM) to serve HTTPS on --port, with --tls-key; plain HTTP is then off.")
    Path tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:XMODAL_TLS_KEY}", description = "Private key (PEM) of --tls-cert.")
    Path tlsKey;

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

    /** Why the node must not start with these options, checked before anything starts. */
    Optional<String> refusal() {
        if ((tlsCert == null) != (tlsKey == null)) {
            return Optional.of("xmodal: --tls-cert and --tls-key go together");
        }
        return new ListenAddress(host).refusal(team);
    }

    /** Turns the options into system properties before Quarkus and DJL read their configuration. */
    EmbeddedDatabase apply() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        listening().forEach(System::setProperty);
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
        return applyDatabase();
    }

    /** The Quarkus and xmodal settings of where and how the node listens. */
    Map<String, String> listening() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", host);
        properties.put("quarkus.http.port", Integer.toString(port));
        if (team) {
            properties.put("xmodal.access.team", "true");
        }
        if (tlsCert != null) {
            // Quarkus reads these keys as lists: a comma in a path must be escaped
            properties.put("quarkus.http.ssl.certificate.files", tlsCert.toString().replace(",", "\\,"));
            properties.put("quarkus.http.ssl.certificate.key-files", tlsKey.toString().replace(",", "\\,"));
            properties.put("quarkus.http.ssl-port", Integer.toString(port));
            properties.put("quarkus.http.insecure-requests", "disabled");
        }
        return properties;
    }

    private EmbeddedDatabase applyDatabase() {
        String url = databaseUrl;
        if (url == null || url.isBlank()) {
            url = System.getProperty("quarkus.datasource.jdbc.url", System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
        }
        if (url == null || url.isBlank()) {
            Path dataDir = home.resolve("postgres");
            System.err.println("starting the embedded PostgreSQL (data in " + dataDir + ")");
            // the user's results live here: durable commits, whatever the embedded server's own defaults
            EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir, Map.of("fsync", "on", "synchronous_commit", "on"));
            System.setProperty("quarkus.datasource.jdbc.url", embedded.jdbcUrl());
            System.setProperty("quarkus.datasource.username", embedded.credentials().user());
            System.setProperty("quarkus.datasource.password", embedded.credentials().password());
            return embedded;
        }
        System.setProperty("quarkus.datasource.jdbc.url", url);
        System.setProperty("quarkus.datasource.username", databaseUser == null ? "postgres" : databaseUser);
        System.setProperty("quarkus.datasource.password", databasePassword == null ? "postgres" : databasePassword);
        return null;
    }
}
