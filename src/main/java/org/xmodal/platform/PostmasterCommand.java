package org.xmodal.platform;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a server was started, read back from its running postmaster: its binary and arguments. Enough to start it
 * again after it died, through {@code pg_ctl}, exactly as before (same binaries, folder, port and settings), while
 * this JVM keeps its lock on the folder; {@code pg_ctl -w} says at once when the server fails to start.
 */
record PostmasterCommand(Path postgres, List<String> arguments) {

    /** The command of the running process {@code pid}; empty when the system does not tell. */
    static Optional<PostmasterCommand> of(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::info)
                .flatMap(info -> info.command().flatMap(command -> info.arguments()
                        .map(arguments -> new PostmasterCommand(Path.of(command), List.of(arguments)))));
    }

    /** Starts the server on {@code folder}, its output in {@code log}, and waits until it accepts connections. */
    void start(Path folder, Path log, Duration wait) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // as the library starts it: as root, PostgreSQL runs only inside a user namespace
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgres.resolveSibling("pg_ctl").toString(), "-D", folder.toString(), "-o", options(),
                "-l", log.toString(), "-w", "-t", Long.toString(wait.toSeconds()), "start"));
        Files.deleteIfExists(log);
        Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (pgCtl.waitFor() != 0) {
                throw new IOException(lastLine(log).orElse(output.strip()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the server", e);
        }
    }

    /** The arguments but the data folder (pg_ctl passes its own), quoted for the shell through which pg_ctl runs them. */
    private String options() {
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).equals("-D")) {
                i++;
            } else {
                quoted.add("'" + arguments.get(i).replace("'", "'\\''") + "'");
            }
        }
        return String.join(" ", quoted);
    }

    private static Optional<String> lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.stream().filter(l -> l.contains("FATAL") || l.contains("ERROR")).reduce((a, b) -> b)
                    .or(() -> lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
