package org.xmodal.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the embedded server's binaries live on this machine. */
final class PostgresBinaries {
    private PostgresBinaries() {
    }

    /**
     * Where the PostgreSQL binaries are unpacked: a folder only this user can write ({@code xmodal.postgres.binaries},
     * else {@code ~/.cache/xmodal/postgres}). The library's own default, a world-writable folder under /tmp, would let
     * another local user replace the binaries that this user then runs.
     */
    static Path folder() throws IOException {
        Path folder = Path.of(System.getProperty("xmodal.postgres.binaries",
                Path.of(System.getProperty("user.home"), ".cache", "xmodal", "postgres").toString()));
        var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder.getParent());
            try {
                Files.createDirectory(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another node or test JVM made it at the same moment
            }
        }
        if (!Files.getPosixFilePermissions(folder).equals(ownerOnly)) {
            Files.setPosixFilePermissions(folder, ownerOnly);
        }
        return folder;
    }

}
