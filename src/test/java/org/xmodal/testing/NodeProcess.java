package org.xmodal.testing;

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
import java.util.ArrayList;
import java.util.List;

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

    /** Starts {@code java -Xmx768m -jar <jar> serve --database-url … --port … --node-name <name> --home <logDir>/<name> <extra>}. */
    public static NodeProcess start(Path jar, String databaseUrl, Path logDir, String name, String... extra) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-jar", jar.toString(), "serve", "--database-url", databaseUrl, "--port", Integer.toString(port),
                "--node-name", name, "--home", logDir.resolve(name).toString()));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).directory(Demo.root().toFile()).redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".log").toFile()).start();
        NodeProcess node = new NodeProcess(process, "http://localhost:" + port);
        node.awaitReady();
        return node;
    }

    private void awaitReady() throws InterruptedException {
        for (int i = 0; i < 240 && process.isAlive(); i++) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        process.destroyForcibly();
        throw new IllegalStateException("node at " + url + " did not become ready: see its log");
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
