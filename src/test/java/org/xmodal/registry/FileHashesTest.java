package org.xmodal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.platform.Checksums;

/** A file version (real path, size, mtime, inode) is hashed once; any change of the version hashes again. */
class FileHashesTest {
    @TempDir
    Path dir;

    @Test
    void anUnchangedVersionIsNotReadAgain() throws Exception {
        FileHashes hashes = new FileHashes();
        Path file = dir.resolve("model.pt");
        FileTime mtime = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.writeString(file, "aaaa");
        Files.setLastModifiedTime(file, mtime);
        String first = hashes.sha256(file);
        assertThat(first).isEqualTo(Checksums.sha256(file));

        // same inode, size and mtime: the cached hash proves the bytes were not read again
        Files.writeString(file, "bbbb");
        Files.setLastModifiedTime(file, mtime);
        assertThat(hashes.sha256(file)).isEqualTo(first);

        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
        assertThat(hashes.sha256(file)).isEqualTo(Checksums.sha256(file)).isNotEqualTo(first);
    }
}
