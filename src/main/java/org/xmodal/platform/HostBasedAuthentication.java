package org.xmodal.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The embedded server's {@code pg_hba.conf}: who may connect, and how they prove it. */
final class HostBasedAuthentication {
    static final String FILE = "pg_hba.conf";

    /** Every connection, local or loopback TCP, normal or replication, must give its password (SCRAM). */
    static final String PASSWORDS = """
            # written by xmodal on every start: every connection needs its password (SCRAM-SHA-256);
            # the server listens on 127.0.0.1 only and has no Unix socket
            local   all          all                   scram-sha-256
            host    all          all   127.0.0.1/32    scram-sha-256
            host    all          all   ::1/128         scram-sha-256
            local   replication  all                   scram-sha-256
            host    replication  all   127.0.0.1/32    scram-sha-256
            host    replication  all   ::1/128         scram-sha-256
            """;

    /**
     * For the one start that upgrades a data folder of an earlier xmodal, whose superuser has no password yet:
     * only the superuser over loopback, until xmodal has set the passwords and switched to {@link #PASSWORDS}.
     */
    static final String UPGRADE = """
            # written by xmodal while it upgrades a data folder of an earlier version (which trusted every local user)
            host    all          postgres   127.0.0.1/32    trust
            """;

    private HostBasedAuthentication() {
    }

    /** Whether {@code dataDirectory} lets some connection in without a password (a data folder of an earlier version). */
    static boolean trusts(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve(FILE));
            return lines.stream().map(l -> l.replaceFirst("#.*", "").trim())
                    .anyMatch(l -> List.of(l.split("\\s+")).contains("trust"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path dataDirectory, String content) {
        try {
            Files.writeString(dataDirectory.resolve(FILE), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
