package org.xmodal.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.xmodal.platform.EmbeddedDatabase;

/**
 * The packaged application run as a separate node ({@code serve}) on a given PostgreSQL, on a free port, with
 * its output in {@code <logDir>/<name>.log}; ready once its health check answers. Plus JSON over its REST API,
 * and the signals a fault test sends it (SIGKILL, SIGTERM, SIGSTOP/SIGCONT).
 */
public final class NodeProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private final Launch launch;
    private final Process process;
    private final String url;

    /** How a node was started, so that it can be started again the same way. */
    private record Launch(Path jar, Map<String, String> environment, Path logDir, String name, List<String> extra) {
        Path log() {
            return logDir.resolve(name + ".log");
        }
    }

    private NodeProcess(Launch launch, Process process, String url) {
        this.launch = launch;
        this.process = process;
        this.url = url;
    }

    /**
     * Starts {@code java -Xmx768m -jar <jar> serve --port … --node-name <name> --home <logDir>/<name> <extra>} on
     * {@code database}, whose URL and credentials go in the environment (a password on the command line is visible
     * to every local user). The node's connections carry its name as their {@code application_name}.
     */
    public static NodeProcess start(Path jar, EmbeddedDatabase database, Path logDir, String name, String... extra) throws Exception {
        return launch(jar, database, Map.of(), logDir, name, extra).awaitReady();
    }

    /** As {@link #start(Path, EmbeddedDatabase, Path, String, String...)} with more environment, not waiting until it is ready. */
    public static NodeProcess launch(Path jar, EmbeddedDatabase database, Map<String, String> environment, Path logDir, String name,
                                     String... extra) throws IOException {
        Map<String, String> all = new HashMap<>(environment);
        all.putAll(Map.of("XMODAL_DATABASE_URL", database.jdbcUrl() + "?ApplicationName=" + name,
                "XMODAL_DATABASE_USER", database.credentials().user(), "XMODAL_DATABASE_PASSWORD", database.credentials().password()));
        return launch(new Launch(jar, Map.copyOf(all), logDir, name, List.of(extra)), false);
    }

    /** As {@link #start(Path, EmbeddedDatabase, Path, String, String...)}, on the node's own embedded database in its home. */
    public static NodeProcess startEmbedded(Path jar, Path logDir, String name, String... extra) throws Exception {
        return launch(new Launch(jar, Map.of(), logDir, name, List.of(extra)), false).awaitReady();
    }

    /** The same node started again after it stopped (its log continues); not waiting until it is ready. */
    public NodeProcess relaunch() throws IOException {
        return launch(launch, true);
    }

    private static NodeProcess launch(Launch launch, boolean appendLog) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(launch.logDir());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-jar", launch.jar().toString(), "serve", "--port", Integer.toString(port),
                "--node-name", launch.name(), "--home", launch.logDir().resolve(launch.name()).toString()));
        command.addAll(launch.extra());
        ProcessBuilder builder = new ProcessBuilder(command).directory(Demo.root().toFile()).redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(launch.log().toFile()) : ProcessBuilder.Redirect.to(launch.log().toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("XMODAL_"));
        builder.environment().putAll(launch.environment());
        return new NodeProcess(launch, builder.start(), "http://localhost:" + port);
    }

    /** Waits (at most 2 minutes) until the node's readiness check answers 200; a node that does not is killed. */
    public NodeProcess awaitReady() {
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !process.isAlive() || ready());
        } catch (ConditionTimeoutException e) {
            // reported below, with the log to read
        }
        if (!process.isAlive() || !ready()) {
            process.destroyForcibly();
            throw new IllegalStateException("node " + launch.name() + " at " + url + " did not become ready: see " + launch.log());
        }
        return this;
    }

    /** Whether the node's readiness check answers 200 now. */
    public boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String name() {
        return launch.name();
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
        return HTTP.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash would stop it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as a resource manager stops it; does not wait. */
    public void terminate() {
        process.destroy();
    }

    /** SIGSTOP: the node freezes, its connections and leases stay as they are. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -s " + name + " " + process.pid() + " failed");
        }
    }

    /** The exit status once the process has ended within {@code atMost}; empty while it still runs. */
    public OptionalInt awaitExit(Duration atMost) throws InterruptedException {
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    /** How many bytes its log holds now: a mark for {@link #logSince(long)}. */
    public long logSize() throws IOException {
        return Files.size(launch.log());
    }

    /** What the node logged after {@code mark}. */
    public String logSince(long mark) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(launch.log().toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, file.length() - mark)];
            file.seek(mark);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                resume(); // a paused node would not act on SIGTERM
            } catch (IOException | IllegalStateException e) {
                // it ended meanwhile
            }
        }
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }
}
