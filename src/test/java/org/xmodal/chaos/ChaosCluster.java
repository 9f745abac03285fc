package org.xmodal.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xmodal.testing.NodeProcess;

/**
 * Two worker nodes ({@code serve --threads 1}, default settings otherwise) on one PostgreSQL, as separate JVMs.
 * A node that a fault stopped is started again in the background, as a resource manager would restart it; the
 * next fault waits until both are ready again.
 */
final class ChaosCluster implements AutoCloseable {
    static final List<String> NODES = List.of("node-a", "node-b");
    /** Where the model copies of the model fault live: a registry root of the nodes, relative to the repository. */
    static final String MODEL_ROOT = "target/chaos/models";
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private final ChaosDatabase database;
    private final Map<String, NodeProcess> nodes = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<NodeProcess>> starting = new ConcurrentHashMap<>();

    private ChaosCluster(ChaosDatabase database) {
        this.database = database;
    }

    /**
     * Starts PostgreSQL with its data in {@code dataDirectory} and {@code settings} over the embedded ones, then the
     * nodes, whose logs and homes go to {@code logDir}.
     */
    static ChaosCluster start(Path jar, Path dataDirectory, Map<String, String> settings, Path logDir) throws IOException {
        ChaosCluster cluster = new ChaosCluster(ChaosDatabase.start(dataDirectory, settings));
        for (String name : NODES) {
            NodeProcess node = NodeProcess.launch(jar, cluster.database.server(), Map.of("XMODAL_REGISTRY_ROOTS", "demo," + MODEL_ROOT),
                    logDir, name, "--threads", "1");
            cluster.nodes.put(name, node);
            cluster.starting.put(name, CompletableFuture.supplyAsync(node::awaitReady));
        }
        List<String> problems = cluster.settle();
        if (!problems.isEmpty()) {
            cluster.close();
            throw new IllegalStateException("the cluster did not start: " + problems);
        }
        return cluster;
    }

    ChaosDatabase database() {
        return database;
    }

    NodeProcess node(String name) {
        return nodes.get(name);
    }

    /** Starts {@code name} again (it has stopped, or is being stopped) without waiting for it. */
    void restartLater(String name) {
        NodeProcess old = nodes.get(name);
        starting.put(name, CompletableFuture.supplyAsync(() -> {
            try {
                old.awaitExit(Duration.ofMinutes(2));
                NodeProcess node = old.relaunch();
                nodes.put(name, node);
                return node.awaitReady();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }));
    }

    /**
     * Waits for the nodes being started and checks that every node is ready; a node that is not is killed and
     * started again (a manual step, so it is returned as a problem).
     */
    List<String> settle() {
        List<String> problems = new ArrayList<>();
        for (String name : NODES) {
            CompletableFuture<NodeProcess> start = starting.remove(name);
            try {
                if (start != null) {
                    start.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (ExecutionException | TimeoutException e) {
                problems.add(name + " did not start again: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            NodeProcess node = nodes.get(name);
            if (!node.alive() || !node.ready()) {
                problems.add(name + " was not ready (" + (node.alive() ? "running" : "exited") + "); the test restarted it");
                replace(name);
            }
        }
        return problems;
    }

    private void replace(String name) {
        try {
            NodeProcess old = nodes.get(name);
            old.kill();
            NodeProcess node = old.relaunch();
            nodes.put(name, node);
            node.awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs through the first node that is ready. */
    JsonNode post(String path, Object body) throws Exception {
        return api().post(path, body);
    }

    JsonNode get(String path) throws Exception {
        return api().get(path);
    }

    private NodeProcess api() {
        return NODES.stream().map(nodes::get).filter(n -> n.alive() && n.ready()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node is ready to answer the API"));
    }

    @Override
    public void close() {
        for (CompletableFuture<NodeProcess> start : starting.values()) {
            try {
                start.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS); // a node started after this would outlive the test
            } catch (ExecutionException | TimeoutException e) {
                // closed below with the others
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (NodeProcess node : nodes.values()) {
            try {
                node.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        database.close();
    }
}
