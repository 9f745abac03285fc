package org.xmodal.evaluation;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.xmodal.platform.Checksums;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * A TorchScript model that follows the xmodal contract, loaded offline on one device. Owns the DJL model; hand
 * it to try-with-resources. Forward calls are safe from several threads.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelMetadata metadata;
    private final Path metadataFile;
    private final Model model;
    private final String sha256;

    private LoadedModel(ModelMetadata metadata, Path metadataFile, Model model, String sha256) {
        this.metadata = metadata;
        this.metadataFile = metadataFile;
        this.model = model;
        this.sha256 = sha256;
    }

    /** Loads the model described by {@code <name>.json}, whose TorchScript file is {@code <name>.pt} beside it. */
    public static LoadedModel load(Path metadataFile, Device device) {
        ModelMetadata metadata = ModelMetadata.read(metadataFile);
        String base = metadataFile.getFileName().toString().replaceFirst("\\.json$", "");
        Path dir = metadataFile.toAbsolutePath().getParent();
        Path pt = dir.resolve(base + ".pt");
        if (!Files.isRegularFile(pt)) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "TorchScript file not found: " + pt);
        }
        String sha256 = Checksums.sha256(pt);
        if (metadata.sha256() != null && !metadata.sha256().isBlank() && !metadata.sha256().equalsIgnoreCase(sha256)) {
            throw new XmodalException(ErrorCode.MODEL_LOAD_FAILED, pt + " has SHA-256 " + sha256
                    + " but its metadata says " + metadata.sha256() + ": the file changed after export");
        }
        FixedDevices.requireRunnableOn(metadata.name(), FixedDevices.in(pt), device);
        Model model = null;
        try {
            model = Model.newInstance(metadata.name(), device, "PyTorch");
            model.load(dir, base, Map.of("mapLocation", "true"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (model != null) {
                model.close();
            }
            throw new XmodalException(ErrorCode.MODEL_LOAD_FAILED, "cannot load TorchScript model " + pt + ": "
                    + firstLine(e.getMessage()), e);
        }
        return new LoadedModel(metadata, metadataFile, model, sha256);
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public Path metadataFile() {
        return metadataFile;
    }

    public String sha256() {
        return sha256;
    }

    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** A child manager on the model's device for one batch's arrays; close it when the batch is scored. */
    NDManager newBatchManager() {
        return model.getNDManager().newSubManager();
    }

    /** Runs the module's forward; the outputs belong to the inputs' manager. */
    NDList forward(NDManager manager, NDList inputs) {
        try {
            return model.getBlock().forward(new ParameterStore(manager, false), inputs, false);
        } catch (RuntimeException e) {
            throw new XmodalException(ErrorCode.MODEL_OUTPUT_INVALID, "model " + metadata.name()
                    + " failed in forward: " + firstLine(e.getMessage()), e);
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() {
        model.close();
    }
}
