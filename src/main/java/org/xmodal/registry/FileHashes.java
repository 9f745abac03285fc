package org.xmodal.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.xmodal.data.FileKind;
import org.xmodal.platform.Checksums;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * SHA-256 of model files and dataset folders, remembered per file version (real path, size, modification time,
 * inode) so registering unchanged files again reads nothing. Concurrent requests for one version hash it once.
 */
@ApplicationScoped
public class FileHashes {
    private final Cache<Object, String> hashes = Caffeine.newBuilder().maximumSize(10_000).build();

    /** The SHA-256 of {@code real}, a regular file that passed the gate. */
    public String sha256(Path real) {
        return hashes.get(Version.of(real), v -> Checksums.sha256(real));
    }

    /**
     * SHA-256 over every file of the dataset folder: relative path, length and bytes, in path order (links to files
     * count as files, links to folders are not followed). Every file passes {@code files} first.
     */
    public String contentHash(Path dir, ConfinedFiles files) {
        List<Listed> listed = list(dir, files);
        return hashes.get(listed.stream().map(Listed::version).toList(), v -> digest(listed));
    }

    private record Version(Path real, long size, FileTime modified, Object inode) {
        static Version of(Path real) {
            BasicFileAttributes a = ConfinedFiles.attributes("path", real.getFileName().toString(), real);
            return new Version(real, a.size(), a.lastModifiedTime(), a.fileKey());
        }
    }

    private record Listed(String name, Path real, Version version) {
    }

    private static List<Listed> list(Path dir, ConfinedFiles files) {
        List<Listed> listed = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.sorted().toList()) {
                if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) && !isLinkToFolderOrNothing(file)) {
                    String name = dir.relativize(file).toString();
                    Path real = files.listed("path", name, file, FileKind.FEATURES);
                    listed.add(new Listed(name, real, Version.of(real)));
                }
            }
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot list the dataset folder " + dir, e);
        }
        return listed;
    }

    /** Such links were never part of a dataset's hash; none of them is opened. */
    private static boolean isLinkToFolderOrNothing(Path file) {
        return Files.isSymbolicLink(file) && (!Files.exists(file) || Files.isDirectory(file));
    }

    private static String digest(List<Listed> listed) {
        MessageDigest digest = Checksums.newDigest();
        for (Listed file : listed) {
            digest.update(file.name().getBytes(StandardCharsets.UTF_8));
            digest.update(Long.toString(file.version().size()).getBytes(StandardCharsets.UTF_8));
            Checksums.update(digest, file.real());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
