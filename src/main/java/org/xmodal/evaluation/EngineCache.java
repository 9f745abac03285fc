package org.xmodal.evaluation;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.xmodal.data.Dataset;
import org.xmodal.data.FileGate;
import org.xmodal.data.HuggingFaceWordPiece;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Keeps what a worker loads between shards: models per device (least recently used first out, keyed by their
 * SHA-256), datasets and tokenizers by path. One thread per device, so a device's models are never shared.
 */
public final class EngineCache implements AutoCloseable {
    private final int modelsPerDevice;
    private final Map<String, LinkedHashMap<String, LoadedModel>> models = new ConcurrentHashMap<>();
    private final Map<Path, Dataset> datasets = new ConcurrentHashMap<>();
    private final Map<Path, HuggingFaceWordPiece> tokenizers = new ConcurrentHashMap<>();

    public EngineCache(int modelsPerDevice) {
        this.modelsPerDevice = Math.max(1, modelsPerDevice);
        EngineThreads.useDefaultUnlessSet();
    }

    /** An evaluator for the model at {@code metadataFile} on {@code device}; fails if its file's hash is not {@code sha256}. */
    public Evaluator evaluator(Path metadataFile, String sha256, String device, Path datasetDir, Supplier<FileGate> gate,
                               EvaluationOptions options) {
        LoadedModel model = model(metadataFile, sha256, device);
        Dataset dataset = dataset(datasetDir, gate);
        HuggingFaceWordPiece tokenizer = tokenizers.computeIfAbsent(
                metadataFile.toAbsolutePath().getParent().resolve(model.metadata().tokenizer()).normalize(),
                HuggingFaceWordPiece::load);
        return new Evaluator(model, dataset, tokenizer, options);
    }

    /** The dataset in {@code datasetDir}, opened once through the gate (which checks every file it names) that {@code gate} makes. */
    public Dataset dataset(Path datasetDir, Supplier<FileGate> gate) {
        return datasets.computeIfAbsent(datasetDir, dir -> Dataset.open(dir, gate.get()));
    }

    public HuggingFaceWordPiece tokenizer(Path tokenizerFile) {
        return tokenizers.computeIfAbsent(tokenizerFile, HuggingFaceWordPiece::load);
    }

    private LoadedModel model(Path metadataFile, String sha256, String device) {
        LinkedHashMap<String, LoadedModel> loaded = models.computeIfAbsent(device, d -> new LinkedHashMap<>(4, 0.75f, true));
        synchronized (loaded) {
            String key = sha256 + " " + metadataFile;
            LoadedModel model = loaded.get(key);
            if (model == null) {
                Device target = DeviceSpec.parse(device);
                model = LoadedModel.load(metadataFile, target);
                if (!model.sha256().equalsIgnoreCase(sha256)) {
                    String actual = model.sha256();
                    String name = model.metadata().name();
                    model.close();
                    throw new XmodalException(ErrorCode.MODEL_CHANGED, "model " + name
                            + ": its TorchScript file now has SHA-256 " + actual + " but " + sha256
                            + " was registered; register the new file under a new name");
                }
                if (loaded.size() >= modelsPerDevice) {
                    var eldest = loaded.entrySet().iterator().next();
                    eldest.getValue().close();
                    loaded.remove(eldest.getKey());
                }
                loaded.put(key, model);
            }
            return model;
        }
    }

    @Override
    public void close() {
        models.values().forEach(m -> {
            synchronized (m) {
                m.values().forEach(LoadedModel::close);
                m.clear();
            }
        });
        datasets.values().forEach(Dataset::close);
        tokenizers.values().forEach(HuggingFaceWordPiece::close);
        datasets.clear();
        tokenizers.clear();
    }
}
