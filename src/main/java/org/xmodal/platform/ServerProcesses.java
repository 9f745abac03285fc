package org.xmodal.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The PostgreSQL processes of a data folder, as Linux's {@code /proc} shows them: a process named {@code postgres}
 * whose working directory is that folder (the postmaster and each of its backends change into it). By folder, not
 * by parent: {@code pg_ctl} detaches the postmaster, so its parent is always init, whether its node lives or not.
 */
final class ServerProcesses {
    private static final Path PROC = Path.of("/proc");
    private static final Duration POLL = Duration.ofMillis(50);

    private ServerProcesses() {
    }

    /** Whether {@code pid} names a running process (a zombie, killed but not yet reaped, is not running). */
    static boolean alive(long pid) {
        if (!Files.isDirectory(PROC)) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code pid} is a running PostgreSQL process of {@code dataDirectory}. */
    static boolean isServerOf(long pid, Path dataDirectory) {
        if (!alive(pid)) {
            return false;
        }
        if (!Files.isDirectory(PROC)) {
            // without /proc, a live process named in our folder's pid file is taken to be its server
            return ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(c -> c.endsWith("postgres")).orElse(true);
        }
        Path process = PROC.resolve(Long.toString(pid));
        try {
            return Files.readString(process.resolve("comm")).strip().equals("postgres")
                    && Files.readSymbolicLink(process.resolve("cwd")).equals(real(dataDirectory));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Every running PostgreSQL process of {@code dataDirectory}: its postmaster, backends and helpers. */
    static List<Long> of(Path dataDirectory) {
        if (!Files.isDirectory(PROC)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::valueOf).filter(pid -> isServerOf(pid, dataDirectory)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Sends {@code signal} (INT, QUIT, KILL, …) to {@code pid}; a process that is already gone is no error. */
    static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor();
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot signal process " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until no PostgreSQL process of {@code dataDirectory} runs, at most {@code within}; whether none does. */
    static boolean awaitNone(Path dataDirectory, Duration within) {
        return await(() -> of(dataDirectory).isEmpty(), within);
    }

    /** Waits until {@code pid} is no longer a PostgreSQL process of {@code dataDirectory}, at most {@code within}. */
    static boolean awaitGone(long pid, Path dataDirectory, Duration within) {
        return await(() -> !isServerOf(pid, dataDirectory), within);
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    /** The folder as {@code /proc/PID/cwd} shows it: absolute, symbolic links resolved. */
    static Path real(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            return folder.toAbsolutePath().normalize();
        }
    }
}
