package org.xmodal.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the embedded server die with the process that started it, however that process ends (SIGKILL included).
 * A small {@code sh}, in a session of its own (a signal to the node's process group does not reach it), blocks
 * reading a pipe whose only writer is this JVM; the kernel closes that pipe when the JVM dies, the read returns,
 * and the watchdog stops the server then named in {@code postmaster.pid} with a fast shutdown (SIGINT), escalating
 * to an immediate one (SIGQUIT) after 10 s. It checks first that the pid is a PostgreSQL working in this data folder.
 * A normal stop ends the watchdog without a signal to the server ({@link #close()}).
 */
final class PostmasterWatchdog implements AutoCloseable {
    private static final String SCRIPT = """
            trap '' INT HUP QUIT
            dir=$1
            read -r _
            pid=$(head -n 1 "$dir/postmaster.pid" 2>/dev/null) || exit 0
            ours() { [ "$(cat /proc/$pid/comm 2>/dev/null)" = postgres ] && [ "$(readlink /proc/$pid/cwd)" = "$dir" ]; }
            ours || exit 0
            kill -INT "$pid"
            i=0
            while ours && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
            ours && kill -QUIT "$pid"
            exit 0
            """;
    private final Process process;

    private PostmasterWatchdog(Process process) {
        this.process = process;
    }

    /** Starts a watchdog over the server in {@code dataDirectory}; none where there is no {@code /proc} (not Linux). */
    static PostmasterWatchdog start(Path dataDirectory) throws IOException {
        if (!Files.isDirectory(Path.of("/proc"))) {
            return new PostmasterWatchdog(null);
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(List.of("sh", "-c", SCRIPT, "xmodal-postgres-watchdog", ServerProcesses.real(dataDirectory).toString()));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new PostmasterWatchdog(process);
    }

    /** The watchdog's process id, or -1 where none runs. */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Ends the watchdog without touching the server: the node stops (or has stopped) it itself. */
    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
