package org.xmodal.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.FieldError;
import org.xmodal.platform.XmodalException;

/**
 * Resolves user-supplied paths strictly inside the configured registry roots. Refused: {@code ..} segments,
 * percent-encoded forms (also double-encoded), absolute paths outside every root, and symbolic links that lead
 * out of their root. A relative path is tried against each root in order.
 */
public final class PathGuard {
    private static final Pattern ENCODED = Pattern.compile("%[0-9a-fA-F]{2}");
    private final List<Path> roots;

    public PathGuard(List<Path> roots) {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                // a configured root that does not exist admits nothing
            }
        }
        this.roots = List.copyOf(real);
    }

    public List<Path> roots() {
        return roots;
    }

    /** The real path of an existing file or folder named by {@code raw}, or a 400 naming {@code field}. */
    public Path resolve(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw refuse(ErrorCode.INVALID_ARGUMENT, field, "must name a file or folder");
        }
        if (raw.indexOf('\0') >= 0 || ENCODED.matcher(raw).find()) {
            throw refuse(ErrorCode.PATH_OUTSIDE_ROOTS, field, "percent-encoded paths are not accepted: '" + printable(raw) + "'");
        }
        if (raw.replace('\\', '/').matches("(^|.*/)\\.\\.(/.*|$)")) {
            throw refuse(ErrorCode.PATH_OUTSIDE_ROOTS, field, "'..' is not allowed in paths: '" + raw + "'");
        }
        Path path;
        try {
            path = Path.of(raw);
        } catch (InvalidPathException e) {
            throw refuse(ErrorCode.INVALID_ARGUMENT, field, "not a valid path: '" + printable(raw) + "'");
        }
        boolean foundOutside = false;
        for (Path root : roots) {
            Path candidate = root.resolve(path).normalize();
            if (!candidate.startsWith(root) || !Files.exists(candidate)) {
                continue;
            }
            Path real = realPath(candidate);
            if (real.startsWith(root)) {
                return real;
            }
            foundOutside = true;
        }
        if (foundOutside) {
            throw refuse(ErrorCode.PATH_OUTSIDE_ROOTS, field, "'" + raw + "' is a link that leads outside the registry roots");
        }
        if (path.isAbsolute() && roots.stream().noneMatch(r -> path.normalize().startsWith(r))) {
            throw refuse(ErrorCode.PATH_OUTSIDE_ROOTS, field, "'" + raw + "' is outside the registry roots " + roots);
        }
        throw refuse(ErrorCode.INVALID_ARGUMENT, field, "'" + raw + "' does not exist in the registry roots " + roots);
    }

    /** The real path of {@code file} (a file a registered one refers to), which must lie inside a root. */
    public Path requireInside(String field, Path file) {
        if (!Files.exists(file)) {
            throw refuse(ErrorCode.INVALID_ARGUMENT, field, file.getFileName() + " does not exist (referred to as " + file + ")");
        }
        Path real = realPath(file);
        if (roots.stream().noneMatch(real::startsWith)) {
            throw refuse(ErrorCode.PATH_OUTSIDE_ROOTS, field, file.getFileName() + " resolves outside the registry roots " + roots);
        }
        return real;
    }

    private static Path realPath(Path candidate) {
        try {
            return candidate.toRealPath();
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot resolve " + candidate + ": " + e.getMessage(), e);
        }
    }

    private static XmodalException refuse(ErrorCode code, String field, String message) {
        return new XmodalException(code, field + ": " + message, List.of(new FieldError(field, message)));
    }

    private static String printable(String raw) {
        return raw.replace("\0", "\\0");
    }
}
