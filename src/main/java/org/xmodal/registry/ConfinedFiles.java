package org.xmodal.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.xmodal.data.FileGate;
import org.xmodal.data.FileKind;
import org.xmodal.platform.ErrorCode;

/**
 * The registry's {@link FileGate}: a file may be opened only when its real path lies inside the roots, it is a
 * regular file (never a FIFO, device, socket or folder: opening a FIFO blocks, a device never ends) and it is
 * within the size limit of its kind. Attributes are read without following links, on the real path.
 */
public final class ConfinedFiles implements FileGate {
    private final PathGuard guard;
    private final FileLimits limits;

    public ConfinedFiles(PathGuard guard, FileLimits limits) {
        this.guard = guard;
        this.limits = limits;
    }

    public PathGuard guard() {
        return guard;
    }

    /** The real path of the file a request's {@code path} names, tried against each root. */
    public Path requested(String raw, FileKind kind) {
        return regular("path", raw, guard.resolve("path", raw), kind);
    }

    /** The real path of the folder a request's {@code path} names. */
    public Path requestedFolder(String raw) {
        Path real = guard.resolve("path", raw);
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw PathGuard.refuse(ErrorCode.INVALID_ARGUMENT, "path", "'" + raw + "' is not a dataset folder");
        }
        return real;
    }

    @Override
    public Path file(String key, Path base, String name, FileKind kind) {
        return regular(key, name, guard.resolveIn(key, base, name), kind);
    }

    @Override
    public Path folder(String key, Path base, String name) {
        Path real = guard.resolveIn(key, base, name);
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw PathGuard.refuse(ErrorCode.INVALID_ARGUMENT, key, "'" + name + "' is not a folder");
        }
        return real;
    }

    /** The real path of a file the registry found by listing a folder, under the same rules; {@code name} is how errors call it. */
    public Path listed(String key, String name, Path file, FileKind kind) {
        return regular(key, name, guard.requireInside(key, file), kind);
    }

    private Path regular(String key, String name, Path real, FileKind kind) {
        BasicFileAttributes attributes = attributes(key, name, real);
        if (!attributes.isRegularFile()) {
            throw PathGuard.refuse(ErrorCode.INVALID_ARGUMENT, key, "'" + name + "' is not a regular file");
        }
        if (attributes.size() > limits.of(kind)) {
            throw PathGuard.refuse(ErrorCode.INVALID_ARGUMENT, key, "'" + name + "' is too large ("
                    + FileLimits.mebibytes(attributes.size()) + "; " + limits.describe(kind) + ")");
        }
        return real;
    }

    static BasicFileAttributes attributes(String key, String name, Path real) {
        try {
            return Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw PathGuard.refuse(ErrorCode.INVALID_ARGUMENT, key, "'" + name + "' cannot be read");
        }
    }
}
