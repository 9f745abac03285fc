package org.xmodal.registry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** API records of the registry. */
public final class RegistryResponses {
    private RegistryResponses() {
    }

    /** A path inside the project's registry roots: a model's {@code <name>.json} or a dataset folder; the project as for experiments. */
    public record RegisterRequest(@NotBlank @Size(max = 4096) String path, @Size(max = 64) String project) {
    }

    public record ModelResponse(long id, String name, String path, String sha256, String tokenizerPath,
                                String tokenizerSha256, String family, String globalImage, int featureSize,
                                int numLocations, int numClasses, int vocabSize, boolean textOnly, boolean batchDependent,
                                Instant registeredAt, String group) {
        static ModelResponse of(RegisteredModel m) {
            return new ModelResponse(m.id, m.name, m.path, m.sha256, m.tokenizerPath, m.tokenizerSha256, m.family,
                    m.globalImage, m.featureSize, m.numLocations, m.numClasses, m.vocabSize, m.textOnly, m.batchDependent,
                    m.registeredAt, m.seedGroup);
        }
    }

    public record DatasetResponse(long id, String name, String path, String contentHash, int examples, int images,
                                  int regions, int featureSize, int numClasses, int maxSeqLength, Instant registeredAt) {
        static DatasetResponse of(RegisteredDataset d) {
            return new DatasetResponse(d.id, d.name, d.path, d.contentHash, d.examples, d.images, d.regions,
                    d.featureSize, d.numClasses, d.maxSeqLength, d.registeredAt);
        }
    }

    /** A registration still running: poll {@code status} (GET) until it answers 303 to the registered item or an error. */
    public record RegistrationStatus(String state, String status) {
    }
}
