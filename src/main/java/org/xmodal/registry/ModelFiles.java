package org.xmodal.registry;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.xmodal.ablation.GlobalRow;
import org.xmodal.data.FileKind;
import org.xmodal.data.Manifests;
import org.xmodal.evaluation.ModelMetadata;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.FieldError;
import org.xmodal.platform.XmodalException;

/** A model's three files, found and checked through the gate: its metadata, its TorchScript file and its tokenizer. */
record ModelFiles(ModelMetadata metadata, Path metadataFile, Path torchScript, Path tokenizer) {

    static ModelFiles find(String path, ConfinedFiles files) {
        Path metadataFile = files.requested(path, FileKind.MANIFEST);
        ModelMetadata metadata = read(metadataFile);
        Path dir = metadataFile.getParent();
        String torchScript = metadataFile.getFileName().toString().replaceFirst("\\.json$", "") + ".pt";
        return new ModelFiles(metadata, metadataFile, files.file("path", dir, torchScript, FileKind.MODEL),
                files.file("tokenizer", dir, metadata.tokenizer(), FileKind.TEXT));
    }

    /**
     * Reads the metadata, answering with field errors that never quote the file: the JSON syntax and the two
     * string values the contract's own messages would echo are checked here first.
     */
    private static ModelMetadata read(Path file) {
        JsonNode tree = Manifests.readJson("path", file);
        if (!ModelMetadata.FORMAT.equals(tree.path("format").asText())) {
            throw malformed(file, "the format tag is not the expected '" + ModelMetadata.FORMAT + "'");
        }
        try {
            GlobalRow.parse(tree.path("globalImage").asText("none"));
        } catch (IllegalArgumentException e) {
            throw malformed(file, "globalImage must be first, last or none");
        }
        try {
            return ModelMetadata.read(file);
        } catch (XmodalException e) {
            if (e.getCause() instanceof JsonMappingException m) {
                throw malformed(file, "'" + fieldOf(m) + "' has the wrong type");
            }
            String prefix = file + ": ";
            throw e.getMessage().startsWith(prefix) ? malformed(file, e.getMessage().substring(prefix.length())) : e;
        }
    }

    private static String fieldOf(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static XmodalException malformed(Path file, String message) {
        return new XmodalException(ErrorCode.MALFORMED_DATA, file + ": " + message,
                List.of(new FieldError("path", file.getFileName() + ": " + message)));
    }
}
