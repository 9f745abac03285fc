package org.xmodal.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Readies an embedded data folder for a start, whatever a crash left in it. A server whose owner is gone (an
 * orphan: its {@code postmaster.pid} names a live PostgreSQL of this folder, and no live process holds the folder's
 * lock) is stopped: fast shutdown, then immediate, then SIGKILL. A pid file whose process is gone (or is a zombie, or
 * a reused pid) is cleared. Backends that outlive a killed postmaster still hold its shared memory, which makes the
 * next server refuse to start: they are waited for, then killed. A folder that another live process owns is refused.
 */
final class StalePostmaster {
    private static final Logger LOG = Logger.getLogger(StalePostmaster.class);
    private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(15);
    private static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(5);
    private static final Duration LEFTOVERS = Duration.ofSeconds(5);

    /** What to do before a start. */
    enum Verdict {
        /** Nothing was left behind: start. */
        START,
        /** The pid file names no live server of this folder: remove it, then start. */
        CLEAR,
        /** A server of this folder runs without a live owner: stop it, then start. */
        STOP_ORPHAN,
        /** Another live process owns this folder: do not start. */
        REFUSE
    }

    private StalePostmaster() {
    }

    /** The decision, from what the folder shows: its pid file, whether that server lives, and who holds its lock. */
    static Verdict decide(boolean pidFile, boolean serverAlive, OptionalLong otherOwner) {
        if (otherOwner.isPresent()) {
            return Verdict.REFUSE;
        }
        if (!pidFile) {
            return Verdict.START;
        }
        return serverAlive ? Verdict.STOP_ORPHAN : Verdict.CLEAR;
    }

    /** Acts on the decision for {@code dataDirectory}; throws a one-line refusal when another process owns it. */
    static void prepare(Path dataDirectory) throws IOException {
        Optional<PostmasterPidFile> pidFile = PostmasterPidFile.read(dataDirectory);
        boolean alive = pidFile.map(PostmasterPidFile::serverAlive).orElse(false);
        OptionalLong owner = DataFolderOwner.otherOwner(dataDirectory);
        switch (decide(pidFile.isPresent(), alive, owner)) {
            case REFUSE -> throw refusal(dataDirectory, owner.getAsLong());
            case STOP_ORPHAN -> stop(pidFile.get(), dataDirectory);
            case CLEAR -> pidFile.get().delete();
            case START -> {
                // nothing left behind but, perhaps, backends of a killed server: handled below
            }
        }
        awaitLeftovers(dataDirectory);
    }

    private static XmodalException refusal(Path dataDirectory, long owner) {
        if (owner == ProcessHandle.current().pid()) {
            return new XmodalException(ErrorCode.CONFLICT, "the embedded PostgreSQL in " + dataDirectory
                    + " is still locked by an earlier start in this process that failed: start xmodal again");
        }
        String who = owner == DataFolderOwner.UNKNOWN ? "another running xmodal process" : "the running xmodal process " + owner;
        return new XmodalException(ErrorCode.CONFLICT, "the embedded PostgreSQL in " + dataDirectory + " belongs to " + who
                + ": stop that node first, or start this one with another --home");
    }

    private static void stop(PostmasterPidFile pidFile, Path dataDirectory) throws IOException {
        long pid = pidFile.pid();
        LOG.warnf("the embedded PostgreSQL in %s (pid %d) outlived the xmodal process that started it: stopping it", dataDirectory, pid);
        if (!shutdown(pid, dataDirectory, "INT", FAST_SHUTDOWN) && !shutdown(pid, dataDirectory, "QUIT", IMMEDIATE_SHUTDOWN)
                && !shutdown(pid, dataDirectory, "KILL", IMMEDIATE_SHUTDOWN)) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "the old server (pid " + pid + ") in " + dataDirectory + " does not stop");
        }
        // a server stopped by a signal other than INT leaves its pid file
        pidFile.delete();
    }

    private static boolean shutdown(long pid, Path dataDirectory, String signal, Duration within) {
        ServerProcesses.signal(pid, signal);
        return ServerProcesses.awaitGone(pid, dataDirectory, within);
    }

    /** Waits for the processes of a dead server to end (they notice its death by themselves), and kills those that linger. */
    static void awaitLeftovers(Path dataDirectory) {
        if (ServerProcesses.awaitNone(dataDirectory, LEFTOVERS)) {
            return;
        }
        List<Long> leftovers = ServerProcesses.of(dataDirectory);
        LOG.warnf("killing %d process(es) of an earlier PostgreSQL in %s that did not end by themselves: %s",
                leftovers.size(), dataDirectory, leftovers);
        leftovers.forEach(pid -> ServerProcesses.signal(pid, "KILL"));
        if (!ServerProcesses.awaitNone(dataDirectory, LEFTOVERS)) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "processes of an earlier PostgreSQL in " + dataDirectory
                    + " do not end: " + ServerProcesses.of(dataDirectory));
        }
    }
}
