package org.xmodal.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The lock file {@code postmaster.pid} that a PostgreSQL server writes into its data folder: its process id, its
 * data folder and, once it listens, its port. The server removes it when it stops; a killed server leaves it behind.
 */
public record PostmasterPidFile(Path file, long pid, OptionalInt port) {
    public static final String NAME = "postmaster.pid";

    /** The file in {@code dataDirectory}; empty when there is none or it cannot be read (e.g. half written). */
    public static Optional<PostmasterPidFile> read(Path dataDirectory) {
        Path file = dataDirectory.resolve(NAME);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file);
            long pid = Long.parseLong(lines.get(0).trim());
            // line 4 is the port; a server still starting may not have written it yet
            OptionalInt port = lines.size() > 3 && !lines.get(3).isBlank() ? OptionalInt.of(Integer.parseInt(lines.get(3).trim()))
                    : OptionalInt.empty();
            return Optional.of(new PostmasterPidFile(file, pid, port));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the process it names is alive and is a PostgreSQL server process of this data folder. */
    public boolean serverAlive() {
        return ServerProcesses.isServerOf(pid, file.getParent());
    }

    /** Removes the file if it is still there; the server it names is gone. */
    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
