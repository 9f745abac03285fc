package org.xmodal.data;

import java.nio.file.Path;

/**
 * Decides which files the readers may open. Every path a reader takes from a manifest, and every file it finds in
 * a folder, passes through here first; the registry's gate confines them to its roots, the CLI trusts its user.
 */
public interface FileGate {
    /** Opens whatever it is given: for files on the user's own machine (the CLI, tests). */
    FileGate TRUSTING = new FileGate() {
        @Override
        public Path file(String key, Path base, String name, FileKind kind) {
            return base.resolve(name);
        }

        @Override
        public Path folder(String key, Path base, String name) {
            return base.resolve(name);
        }
    };

    /**
     * The path to open for the file {@code name} (relative to {@code base}, or absolute) that {@code key} names;
     * refuses with an error naming {@code key} when it may not be opened.
     */
    Path file(String key, Path base, String name, FileKind kind);

    /** The path of the folder {@code name} (relative to {@code base}, or absolute) that {@code key} names. */
    Path folder(String key, Path base, String name);
}
