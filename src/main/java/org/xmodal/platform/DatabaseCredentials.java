package org.xmodal.platform;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;

/**
 * The generated passwords of the embedded PostgreSQL: its superuser's, and that of the role xmodal connects as,
 * which owns only xmodal's database. Kept in a properties file that only its owner may read (mode 0600).
 */
public record DatabaseCredentials(String superuser, String superuserPassword, String user, String password, String database) {
    public static final String SUPERUSER = "postgres";
    public static final String APPLICATION = "xmodal";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Reads {@code file}; a copy that others may read is narrowed to its owner first. */
    public static DatabaseCredentials load(Path file) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return new DatabaseCredentials(required(p, "superuser", file), required(p, "superuser.password", file),
                required(p, "user", file), required(p, "password", file), required(p, "database", file));
    }

    /**
     * Generates new passwords into {@code file}, created with mode 0600 from its first byte and moved into place
     * whole, so no reader ever sees a partial or readable file; when the file already exists, loads it instead.
     */
    public static DatabaseCredentials create(Path file) throws IOException {
        DatabaseCredentials generated = new DatabaseCredentials(SUPERUSER, generate(), APPLICATION, generate(), APPLICATION);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path draft = posix() ? Files.createTempFile(parent, ".credentials", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(parent, ".credentials", ".tmp", new FileAttribute<?>[0]);
        try {
            try (Writer out = Files.newBufferedWriter(draft)) {
                generated.properties().store(out, "xmodal's embedded PostgreSQL: generated passwords, keep this file private");
            }
            Files.move(draft, file);
            return generated;
        } catch (FileAlreadyExistsException e) {
            return load(file);
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    /** Writes the superuser password alone into a new owner-only file, as {@code initdb --pwfile} reads it. */
    Path writeSuperuserPasswordFile(Path folder) throws IOException {
        Path file = posix() ? Files.createTempFile(folder, ".pwfile", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(folder, ".pwfile", ".tmp", new FileAttribute<?>[0]);
        Files.writeString(file, superuserPassword + "\n");
        return file;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty("superuser", superuser);
        p.setProperty("superuser.password", superuserPassword);
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("database", database);
        return p;
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String required(Properties p, String key, Path file) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new XmodalException(ErrorCode.IO_FAILURE, file + " lacks the key " + key);
        }
        return value;
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public String toString() {
        // never print a password, e.g. in a failed assertion or a log line
        return "DatabaseCredentials[superuser=" + superuser + ", user=" + user + ", database=" + database + "]";
    }
}
