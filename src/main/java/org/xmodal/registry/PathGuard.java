package org.xmodal.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.FieldError;
import org.xmodal.platform.XmodalException;

/**
 * Resolves user-supplied paths strictly inside a set of registry roots, after resolving symbolic links. Refused:
 * {@code ..} segments, percent-encoded forms (also double-encoded), absolute paths outside every root, and links
 * that lead out. Messages name the field and the user's own value, never where a link leads or what a file holds.
 */
public final class PathGuard {
    private static final Pattern ENCODED = Pattern.compile("%[0-9a-fA-F]{2}");
    private static final Pattern PARENT = Pattern.compile("(^|/)\\.\\.(/|$)");
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

    /** The real path of an existing file or folder named by {@code raw}, tried against each root in order, or a 400 naming {@code field}. */
    public Path resolve(String field, String raw) {
        Path path = parse(field, raw);
        boolean foundOutside = false;
        for (Path root : roots) {
            Path candidate = root.resolve(path).normalize();
            if (!candidate.startsWith(root) || !Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Path real = realPath(field, raw, candidate);
            if (isInside(real)) {
                return real;
            }
            foundOutside = true;
        }
        if (foundOutside) {
            throw leadsOut(field, raw);
        }
        if (path.isAbsolute() && !isInside(path.normalize())) {
            throw refuse(ErrorCode.PATH_OUTSIDE_ROOTS, field, "'" + raw + "' is outside the registry roots " + roots);
        }
        throw refuse(ErrorCode.INVALID_ARGUMENT, field, "'" + raw + "' does not exist in the registry roots " + roots);
    }

    /**
     * The real path of the existing file or folder {@code raw} that a manifest key names, relative to {@code base}
     * (a real path inside the roots) or absolute, under the same rules as {@link #resolve}.
     */
    public Path resolveIn(String field, Path base, String raw) {
        Path candidate = base.resolve(parse(field, raw)).normalize();
        if (!isInside(candidate)) {
            throw refuse(ErrorCode.PATH_OUTSIDE_ROOTS, field, "'" + raw + "' is outside the registry roots");
        }
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            throw refuse(ErrorCode.INVALID_ARGUMENT, field, "'" + raw + "' does not exist");
        }
        return requireInside(field, raw, candidate);
    }

    /** The real path of {@code file} (found by listing a folder inside the roots), which must lie inside a root. */
    public Path requireInside(String field, Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw refuse(ErrorCode.INVALID_ARGUMENT, field, file.getFileName() + " does not exist");
        }
        return requireInside(field, file.getFileName().toString(), file);
    }

    private Path requireInside(String field, String raw, Path candidate) {
        Path real = realPath(field, raw, candidate);
        if (!isInside(real)) {
            throw leadsOut(field, raw);
        }
        return real;
    }

    public boolean isInside(Path path) {
        return roots.stream().anyMatch(path::startsWith);
    }

    private static Path parse(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw refuse(ErrorCode.INVALID_ARGUMENT, field, "must name a file or folder");
        }
        if (raw.indexOf('\0') >= 0 || ENCODED.matcher(raw).find()) {
            throw refuse(ErrorCode.PATH_OUTSIDE_ROOTS, field, "percent-encoded paths are not accepted: '" + printable(raw) + "'");
        }
        if (PARENT.matcher(raw.replace('\\', '/')).find()) {
            throw refuse(ErrorCode.PATH_OUTSIDE_ROOTS, field, "'..' is not allowed in paths: '" + raw + "'");
        }
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw refuse(ErrorCode.INVALID_ARGUMENT, field, "not a valid path: '" + printable(raw) + "'");
        }
    }

    /** A link whose target is missing reads as missing; its target is never named. */
    private static Path realPath(String field, String raw, Path candidate) {
        try {
            return candidate.toRealPath();
        } catch (IOException e) {
            throw refuse(ErrorCode.INVALID_ARGUMENT, field, "'" + raw + "' is a link to nothing or cannot be resolved");
        }
    }

    private static XmodalException leadsOut(String field, String raw) {
        return refuse(ErrorCode.PATH_OUTSIDE_ROOTS, field, "'" + raw + "' is a link that leads outside the registry roots");
    }

    static XmodalException refuse(ErrorCode code, String field, String message) {
        return new XmodalException(code, field + ": " + message, List.of(new FieldError(field, message)));
    }

    private static String printable(String raw) {
        return raw.replace("\0", "\\0");
    }
}
