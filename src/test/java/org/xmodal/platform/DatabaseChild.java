package org.xmodal.platform;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM that starts an embedded database on a folder and holds it until killed: a node as its database
 * sees it, cheaper to start and to kill than the packaged application.
 */
final class DatabaseChild implements AutoCloseable {
    private static final String READY = "ready ";
    private final Process process;
    private final long serverPid;

    private DatabaseChild(Process process, long serverPid) {
        this.process = process;
        this.serverPid = serverPid;
    }

    /** In the child JVM: starts the database on {@code args[0]}, says so, and waits until its input ends or it is killed. */
    public static void main(String[] args) throws IOException {
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]));
        System.out.println(READY + database.serverPid());
        System.out.flush();
        System.in.read();
        database.close();
    }

    /** Starts a child JVM on {@code dataDirectory} (its output in {@code log}) and waits until its database is up. */
    static DatabaseChild start(Path dataDirectory, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DatabaseChild.class.getName(), dataDirectory.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> !process.isAlive() || Files.readString(log).contains(READY));
        String output = Files.readString(log);
        if (!output.contains(READY)) {
            process.destroyForcibly();
            throw new IllegalStateException("the child JVM did not start its database:\n" + output);
        }
        String line = output.lines().filter(l -> l.startsWith(READY)).findFirst().orElseThrow();
        return new DatabaseChild(process, Long.parseLong(line.substring(READY.length()).trim()));
    }

    long pid() {
        return process.pid();
    }

    long serverPid() {
        return serverPid;
    }

    /** The child's watchdog over its server, a process of its own (see PostmasterWatchdog). */
    ProcessHandle watchdog() {
        return process.descendants().filter(p -> p.info().commandLine().orElse("").contains("xmodal-postgres-watchdog"))
                .findFirst().orElseThrow(() -> new AssertionError("the child JVM has no watchdog process"));
    }

    /** SIGKILL, as a crash would end it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
