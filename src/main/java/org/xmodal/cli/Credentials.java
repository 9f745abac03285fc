package org.xmodal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * The API tokens {@code xmodal login} stored, one per server, in a file only its owner can read (mode 0600):
 * {@code $XMODAL_CREDENTIALS} (or the system property {@code xmodal.credentials}), else {@code ~/.xmodal/credentials.json}.
 */
final class Credentials {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What is stored per server. */
    record Entry(String user, String token, long tokenId) {
    }

    private final Path file;
    private final Map<String, Entry> servers;

    private Credentials(Path file, Map<String, Entry> servers) {
        this.file = file;
        this.servers = servers;
    }

    static Path defaultFile() {
        String configured = System.getProperty("xmodal.credentials", System.getenv("XMODAL_CREDENTIALS"));
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".xmodal", "credentials.json");
    }

    static Credentials load() {
        return load(defaultFile());
    }

    static Credentials load(Path file) {
        Map<String, Entry> servers = new TreeMap<>();
        if (Files.isRegularFile(file)) {
            try {
                servers.putAll(JSON.readerForMapOf(Entry.class).readValue(file.toFile()));
            } catch (IOException e) {
                throw new XmodalException(ErrorCode.MALFORMED_DATA, "cannot read the credentials in " + file
                        + " (delete it and sign in again): " + e.getClass().getSimpleName());
            }
        }
        return new Credentials(file, servers);
    }

    Path file() {
        return file;
    }

    Optional<String> token(String server) {
        return entry(server).map(Entry::token);
    }

    Optional<Entry> entry(String server) {
        return Optional.ofNullable(servers.get(key(server)));
    }

    void put(String server, Entry entry) {
        servers.put(key(server), entry);
        save();
    }

    boolean remove(String server) {
        boolean removed = servers.remove(key(server)) != null;
        save();
        return removed;
    }

    /** Written to a new file created as 0600 and moved over the old one, so the token is never readable by others. */
    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writeValue(temp.toFile(), servers);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot write the credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String key(String server) {
        return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    }
}
