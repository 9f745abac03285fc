package org.xmodal.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.xmodal.platform.EmbeddedDatabase;

/**
 * The packaged application run as a separate node ({@code serve}) on a given PostgreSQL, on a free port, with
 * its output in {@code <logDir>/<name>.log}; ready once its health check answers. Plus JSON over its REST API.
 */
public final class NodeProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Process process;
    private final String url;

    private NodeProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts {@code java -Xmx768m -jar <jar> serve --port … --node-name <name> --home <logDir>/<name> <extra>} on
     * {@code database}, whose URL and credentials go in the environment (a password on the command line is visible
     * to every local user).
     */
    public static NodeProcess start(Path jar, EmbeddedDatabase database, Path logDir, String name, String... extra) throws Exception {
        Map<String, String> environment = Map.of("XMODAL_DATABASE_URL", database.jdbcUrl(),
                "XMODAL_DATABASE_USER", database.credentials().user(), "XMODAL_DATABASE_PASSWORD", database.credentials().password());
        return start(jar, environment, logDir, name, extra);
    }

    /** As {@link #start(Path, EmbeddedDatabase, Path, String, String...)}, on the node's own embedded database in its home. */
    public static NodeProcess startEmbedded(Path jar, Path logDir, String name, String... extra) throws Exception {
        return start(jar, Map.of(), logDir, name, extra);
    }

    private static NodeProcess start(Path jar, Map<String, String> environment, Path logDir, String name, String... extra) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-jar", jar.toString(), "serve", "--port", Integer.toString(port),
                "--node-name", name, "--home", logDir.resolve(name).toString()));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Demo.root().toFile()).redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("XMODAL_"));
        builder.environment().putAll(environment);
        NodeProcess node = new NodeProcess(builder.start(), "http://localhost:" + port);
        node.awaitReady();
        return node;
    }

    private void awaitReady() {
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !process.isAlive() || ready());
        } catch (ConditionTimeoutException e) {
            // reported below, with the log to read
        }
        if (!process.isAlive() || !ready()) {
            process.destroyForcibly();
            throw new IllegalStateException("node at " + url + " did not become ready: see its log");
        }
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The port the node serves on. */
    public int port() {
        return URI.create(url).getPort();
    }

    public String url() {
        return url;
    }

    public JsonNode get(String path) throws Exception {
        return JSON.readTree(send(HttpRequest.newBuilder(URI.create(url + path))).body());
    }

    /** POSTs {@code body} as JSON (nothing when null); a non-2xx answer fails the caller with the problem detail. */
    public JsonNode post(String path, Object body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body))));
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Sends a request as it is and returns the answer, whatever its status. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL, as a crash would stop it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
