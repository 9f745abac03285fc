package org.xmodal.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One embedded server as a process: the library's handle (which holds the folder's lock for as long as it is open),
 * the watchdog that stops the server when this JVM dies, and the postmaster's pid and command, so that the server
 * can be checked, started again after it died, and stopped.
 */
final class Postmaster {
    /** Long enough for crash recovery to replay the WAL written since the last checkpoint. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private final EmbeddedPostgres server;
    private final Path folder;
    private final PostmasterWatchdog watchdog;
    private final Optional<PostmasterCommand> command;
    private volatile long pid;
    private boolean stopped;

    private Postmaster(EmbeddedPostgres server, Path folder, PostmasterWatchdog watchdog) {
        this.server = server;
        this.folder = folder;
        this.watchdog = watchdog;
        this.pid = currentPid();
        this.command = PostmasterCommand.of(pid);
    }

    /**
     * Starts the server that {@code builder} describes on {@code folder}, with the binaries of this user's cache,
     * under a watchdog. It is stopped by {@link #stop()} or, should this JVM end without it, by the watchdog once
     * the JVM is gone: the library's shutdown hook would stop it while the application may still be using it.
     */
    static Postmaster start(EmbeddedPostgres.Builder builder, Path folder) throws IOException {
        PostmasterWatchdog watchdog = PostmasterWatchdog.start(folder);
        try {
            builder.setOverrideWorkingDirectory(PostgresBinaries.folder().toFile()).setDataDirectory(folder)
                    .setCleanDataDirectory(false).setPGStartupWait(STARTUP_WAIT).setRegisterShutdownHook(false);
            return new Postmaster(builder.start(), folder, watchdog);
        } catch (IOException | RuntimeException e) {
            watchdog.close();
            throw e;
        }
    }

    long pid() {
        return pid;
    }

    int port() {
        return server.getPort();
    }

    /** Whether the postmaster is alive (not a zombie) and works in this data folder. */
    boolean alive() {
        return ServerProcesses.isServerOf(pid, folder);
    }

    /**
     * Starts the server again after it died, as it was (same binaries, folder, port and settings), keeping this
     * JVM's lock on the folder; its output goes to {@code log}. A server that runs is left alone. What the dead
     * server left is dealt with first: its pid file, and backends that still hold its shared memory.
     */
    synchronized void restart(Path log) throws IOException {
        if (alive()) {
            return;
        }
        Optional<PostmasterPidFile> pidFile = PostmasterPidFile.read(folder);
        if (pidFile.isPresent() && pidFile.get().serverAlive()) {
            pid = pidFile.get().pid(); // started by an earlier try that gave up waiting for it
            return;
        }
        if (pidFile.isPresent()) {
            pidFile.get().delete();
        }
        StalePostmaster.awaitLeftovers(folder);
        command.orElseThrow(() -> new IOException("the command that started the server is unknown")).start(folder, log, STARTUP_WAIT);
        pid = currentPid();
    }

    /** Stops the server (fast shutdown) and the watchdog; a server that died already is only let go of. */
    synchronized void stop() throws IOException {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (alive()) {
                server.close();
            } else {
                DeadServer.release(server);
            }
        } finally {
            watchdog.close();
        }
    }

    private long currentPid() {
        return PostmasterPidFile.read(folder).map(PostmasterPidFile::pid).orElse(-1L);
    }
}
