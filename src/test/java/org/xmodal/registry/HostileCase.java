package org.xmodal.registry;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One entry of {@code hostile-registrations.json}: which endpoint, which file slot or manifest key is made hostile,
 * how, and the field the refusal must name. {@link #materialise} builds a small legitimate dataset or model and
 * then swaps in the hostile part.
 */
record HostileCase(String endpoint, String slot, String kind, String field) {
    static final long SPARSE_BYTES = 8L << 30;
    private static final Map<String, String> VALUES = Map.of("abs-passwd", "/etc/passwd", "abs-environ", "/proc/self/environ",
            "abs-shadow", "/etc/shadow", "abs-devzero", "/dev/zero", "dotdot", "../../../../../../../../etc/passwd",
            "dotdot-nested", "Sentences/../../../../../../../../etc/passwd", "percent", "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "double-percent", "%252e%252e%252f%252e%252e%252fetc%252fpasswd", "nul", "val.txt\u0000.json",
            "backslash", "..\\..\\..\\..\\..\\..\\etc\\passwd");

    /** A short folder name: a socket's path must stay under the 108 bytes of a Unix-domain address. */
    String folderName() {
        return Integer.toHexString(toString().hashCode());
    }

    @Override
    public String toString() {
        return endpoint + " " + slot + " " + kind;
    }

    /** Builds the case under {@code dir} (a folder inside a registry root); returns the request's path relative to that root. */
    String materialise(Path dir, Path root) throws IOException {
        Path aux = Files.createDirectories(dir.resolve("aux"));
        if (slot.equals("request")) {
            return VALUES.get(kind);
        }
        Path target = endpoint.equals("models") ? HostileFiles.model(dir.resolve("m")) : HostileFiles.dataset(dir.resolve("ds"));
        Path manifest = endpoint.equals("models") ? target : target.resolve("dataset.json");
        if (slot.startsWith("key:")) {
            HostileFiles.setKey(manifest, slot.substring(4), VALUES.get(kind));
        } else {
            spoil(HostileFiles.slot(target, slot), aux);
        }
        return root.relativize(target).toString();
    }

    /** Replaces the file or folder at {@code file} by the hostile kind. */
    private void spoil(Path file, Path aux) throws IOException {
        deleteTree(file);
        switch (kind) {
            case "symlink-passwd" -> Files.createSymbolicLink(file, Path.of("/etc/passwd"));
            case "symlink-environ" -> Files.createSymbolicLink(file, Path.of("/proc/self/environ"));
            case "symlink-shadow" -> Files.createSymbolicLink(file, Path.of("/etc/shadow"));
            case "symlink-etc" -> Files.createSymbolicLink(file, Path.of("/etc"));
            case "symlink-escape" -> Files.createSymbolicLink(file, Path.of("../".repeat(16) + "etc/passwd"));
            case "symlink-devzero" -> Files.createSymbolicLink(file, Path.of("/dev/zero"));
            case "symlink-urandom" -> Files.createSymbolicLink(file, Path.of("/dev/urandom"));
            case "fifo" -> mkfifo(file);
            case "symlink-fifo" -> Files.createSymbolicLink(file, mkfifo(aux.resolve("fifo")));
            case "socket" -> socket(file);
            case "sparse" -> sparse(file);
            case "directory" -> Files.createDirectories(file.resolve("inner"));
            case "regular-file" -> Files.writeString(file, "not a folder\n");
            case "missing" -> { }
            default -> throw new IllegalArgumentException("unknown hostile kind " + kind);
        }
    }

    /** There is no JDK call for a FIFO; opening one to test it would block, so it is only ever created. */
    private static Path mkfifo(Path file) throws IOException {
        try {
            Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo failed for " + file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return file;
    }

    /** Binding a Unix-domain server socket leaves a socket file behind. */
    private static void socket(Path file) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(file));
        }
    }

    /** 8 GiB that take no disk: setLength only moves the end of the file. */
    private static void sparse(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(SPARSE_BYTES);
        }
    }

    /** Deletes a tree without following links (a link is deleted, never its target). */
    static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
