package org.xmodal.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, as lower-case hex: how models are pinned and datasets versioned. */
public final class Checksums {
    private Checksums() {
    }

    public static String sha256(Path file) {
        MessageDigest digest = newDigest();
        update(digest, file);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Feeds a file's bytes into {@code digest}. */
    public static void update(MessageDigest digest, Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
