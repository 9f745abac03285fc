package org.xmodal.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xmodal.ablation.GlobalRow;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * The metadata JSON that travels beside a model's {@code .pt} (docs/formats.md). {@code batchDependent}: the model's
 * outputs for one example depend on the other examples of its batch (VOLTA's VL-BERT, spec §2.4); absent means false.
 * {@code group}: the seed group the model is a replicate in (optional; without it the name rule NAME_sN applies).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelMetadata(String format, String name, String family, String globalImage, int featureSize,
                            int numLocations, int numClasses, int vocabSize, boolean textOnly, String tokenizer,
                            String sha256, boolean batchDependent, String group) {
    public static final String FORMAT = "xmodal-model/1";

    public static ModelMetadata read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "model metadata not found: " + file);
        }
        ModelMetadata m;
        try {
            m = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                    .readValue(file.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, file + ": not valid model metadata: " + e.getMessage(), e);
        }
        m.validate(file);
        return m;
    }

    private void validate(Path file) {
        String problem = null;
        if (!FORMAT.equals(format)) {
            problem = "format is '" + format + "', expected '" + FORMAT + "'";
        } else if (name == null || name.isBlank()) {
            problem = "'name' is missing";
        } else if (featureSize <= 0 || numClasses <= 0 || vocabSize <= 0) {
            problem = "featureSize, numClasses and vocabSize must be positive";
        } else if (numLocations != 4 && numLocations != 5) {
            problem = "numLocations must be 4 or 5, got " + numLocations;
        } else if (tokenizer == null || tokenizer.isBlank()) {
            problem = "'tokenizer' is missing";
        } else if (group != null && (group.isBlank() || group.length() > 200 || group.chars().anyMatch(Character::isISOControl))) {
            problem = "'group' must be 1 to 200 printable characters";
        }
        if (problem == null) {
            try {
                globalRow();
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, file + ": " + problem);
        }
    }

    public GlobalRow globalRow() {
        return GlobalRow.parse(globalImage == null ? "none" : globalImage);
    }
}
