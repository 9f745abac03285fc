package org.xmodal.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** Reads the small JSON manifests of datasets and feature stores, checking their {@code format} tag. */
final class Manifests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    static JsonNode read(Path file, String format, String what) {
        if (!Files.isRegularFile(file)) {
            throw new XmodalException(ErrorCode.MISSING_DATA, what + " not found: " + file);
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!format.equals(node.path("format").asText())) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, file + ": format is '" + node.path("format").asText()
                    + "', expected '" + format + "'");
        }
        return node;
    }
}
