package org.xmodal.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.FieldError;
import org.xmodal.platform.XmodalException;

/**
 * Reads the small JSON files of datasets, feature stores and models, checking their {@code format} tag. Errors
 * name the key and the place in the file, never its text: Jackson's messages quote the tokens they choke on.
 */
public final class Manifests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    static JsonNode read(String key, Path file, String format, String what) {
        if (!Files.isRegularFile(file)) {
            throw new XmodalException(ErrorCode.MISSING_DATA, what + " not found: " + file);
        }
        JsonNode node = readJson(key, file);
        if (!format.equals(node.path("format").asText())) {
            throw malformed(key, file, "the format tag is not the expected '" + format + "'");
        }
        return node;
    }

    /** The JSON tree of {@code file}, or a 422 naming {@code key} and the line and column where it breaks. */
    public static JsonNode readJson(String key, Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw malformed(key, file, "not valid JSON" + at(e));
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** Where Jackson stopped, as " at line L column C", or nothing when it cannot say. */
    public static String at(JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        return where == null ? "" : " at line " + where.getLineNr() + " column " + where.getColumnNr();
    }

    private static XmodalException malformed(String key, Path file, String message) {
        return new XmodalException(ErrorCode.MALFORMED_DATA, file + ": " + message,
                List.of(new FieldError(key, file.getFileName() + ": " + message)));
    }
}
