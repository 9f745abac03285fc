package org.xmodal.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.xmodal.access.Project;
import org.xmodal.access.ProjectScope;
import org.xmodal.attributes.AttributeStore;
import org.xmodal.data.Dataset;
import org.xmodal.data.FileGate;
import org.xmodal.evaluation.ModelMetadata;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;

/**
 * Registers models and datasets by path, pins each model file by its SHA-256 and versions each dataset by the hash
 * of its files. Registering the same content twice is a no-op. Every file a registration opens passes a
 * {@link ConfinedFiles} gate over the roots of the call's {@link PathGuard} (the configured roots by default).
 */
@ApplicationScoped
public class RegistryService {
    private static final Logger LOG = Logger.getLogger(RegistryService.class);
    private final PathGuard guard;
    private final FileLimits limits;
    private final FileHashes hashes;
    private final Clock clock;
    private final XmodalConfig config;
    private final AttributeStore attributes;

    public RegistryService(XmodalConfig config, FileHashes hashes, Clock clock, AttributeStore attributes) {
        this.config = config;
        this.attributes = attributes;
        this.guard = new PathGuard(config.registry().roots().stream().map(Path::of).toList());
        this.limits = FileLimits.of(config.registry());
        this.hashes = hashes;
        this.clock = clock;
    }

    /** The configured registry roots. */
    public PathGuard guard() {
        return guard;
    }

    /** The roots of a project: its own, or the configured ones where it has none. */
    @Transactional
    public PathGuard guard(long projectId) {
        Project project = Project.findById(projectId);
        List<String> roots = project == null || project.registryRoots.length == 0 ? config.registry().roots() : List.of(project.registryRoots);
        return new PathGuard(roots.stream().map(Path::of).toList());
    }

    /**
     * The gate for reading a registered dataset of project {@code projectId} again (a worker, the examples view): the same confinement and limits
     * as at registration, so a file swapped for a link, a FIFO or a device afterwards is refused, not opened.
     */
    public FileGate gate(long projectId) {
        return new ConfinedFiles(guard(projectId), limits);
    }

    /**
     * Fails with MODEL_CHANGED unless a registered model's TorchScript file and tokenizer are still the registered
     * ones. Checked at every shard claim: a file is hashed again only when its size, modification time or inode
     * changed, so an unchanged model costs a few stat calls.
     */
    public void requireUnchanged(RegisteredModel model) {
        ModelFiles files;
        try {
            files = ModelFiles.find(model.path, new ConfinedFiles(guard(model.projectId), limits));
        } catch (XmodalException e) {
            throw modelChanged(model, "its files can no longer be read (" + e.getMessage() + ")");
        }
        String torchScript = hashes.sha256(files.torchScript());
        if (!torchScript.equalsIgnoreCase(model.sha256)) {
            throw modelChanged(model, "its TorchScript file now has SHA-256 " + torchScript + " but " + model.sha256 + " was registered");
        }
        String tokenizer = hashes.sha256(files.tokenizer());
        if (!tokenizer.equalsIgnoreCase(model.tokenizerSha256)) {
            throw modelChanged(model, "its tokenizer now has SHA-256 " + tokenizer + " but " + model.tokenizerSha256 + " was registered");
        }
    }

    private static XmodalException modelChanged(RegisteredModel model, String why) {
        return new XmodalException(ErrorCode.MODEL_CHANGED, "model " + model.name + ": " + why
                + "; register the new file under a new name");
    }

    /** Registers the model whose metadata file {@code <name>.json} is at {@code path} inside the configured roots. */
    public RegisteredModel registerModel(String path) {
        return registerModel(path, defaultProject(), guard);
    }

    /** Registers the model whose metadata file is at {@code path} into a project, confined to the roots of {@code roots}. */
    public RegisteredModel registerModel(String path, long projectId, PathGuard roots) {
        ModelFiles files = ModelFiles.find(path, new ConfinedFiles(roots, limits));
        ModelMetadata metadata = files.metadata();
        RegisteredModel model = new RegisteredModel();
        model.projectId = projectId;
        model.name = metadata.name();
        model.path = files.metadataFile().toString();
        model.sha256 = hashes.sha256(files.torchScript());
        model.tokenizerPath = files.tokenizer().toString();
        model.tokenizerSha256 = hashes.sha256(files.tokenizer());
        model.family = metadata.family() == null ? "unknown" : metadata.family();
        model.globalImage = metadata.globalRow().name().toLowerCase(java.util.Locale.ROOT);
        model.featureSize = metadata.featureSize();
        model.numLocations = metadata.numLocations();
        model.numClasses = metadata.numClasses();
        model.vocabSize = metadata.vocabSize();
        model.textOnly = metadata.textOnly();
        model.batchDependent = metadata.batchDependent();
        model.seedGroup = metadata.group();
        model.registeredAt = clock.instant();
        return saveOnce(() -> RegisteredModel.byName(model.name).flatMap(existing -> sameModel(existing, model)), model);
    }

    /** Registers the dataset folder (holding dataset.json) at {@code path} inside the configured roots. */
    public RegisteredDataset registerDataset(String path) {
        return registerDataset(path, defaultProject(), guard);
    }

    /** Registers the dataset folder at {@code path} into a project, confined to the roots of {@code roots}. */
    public RegisteredDataset registerDataset(String path, long projectId, PathGuard roots) {
        ConfinedFiles files = new ConfinedFiles(roots, limits);
        Path dir = files.requestedFolder(path);
        RegisteredDataset dataset = new RegisteredDataset();
        dataset.projectId = projectId;
        List<org.xmodal.data.Entry> entries;
        try (Dataset opened = Dataset.open(dir, files)) {
            entries = opened.entries();
            dataset.name = opened.name();
            dataset.examples = opened.entries().size();
            dataset.images = opened.features().imageCount();
            dataset.regions = opened.features().regionCount();
            dataset.featureSize = opened.features().featureSize();
            dataset.numClasses = opened.features().classCount();
            dataset.maxSeqLength = opened.maxSeqLength();
        }
        dataset.path = dir.toString();
        dataset.contentHash = hashes.contentHash(dir, files);
        dataset.registeredAt = clock.instant();
        RegisteredDataset saved = saveOnce(() -> RegisteredDataset.byNameAndHash(projectId, dataset.name, dataset.contentHash), dataset);
        attributes.storePhraseTypes(saved.id, entries); // a registration of the same content again fills them in if missing
        return saved;
    }

    /** Registers the bundled demo corpus and reference models when they are present and not yet registered. */
    public void registerDemo(Path demo) {
        if (!Files.isDirectory(demo.resolve("corpus")) || !Files.isDirectory(demo.resolve("models"))) {
            LOG.infof("no bundled demo under %s; nothing registered", demo.toAbsolutePath());
            return;
        }
        Path root = guard.roots().stream().filter(r -> demo.toAbsolutePath().normalize().startsWith(r))
                .findFirst().orElse(null);
        if (root == null) {
            LOG.warnf("the demo %s is outside the registry roots %s; not registered", demo, guard.roots());
            return;
        }
        Path base = root.relativize(demo.toAbsolutePath().normalize());
        registerDataset(base.resolve("corpus").toString());
        try (Stream<Path> files = Files.list(demo.resolve("models"))) {
            for (Path json : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Path pt = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", ".pt"));
                if (Files.isRegularFile(pt)) {
                    registerModel(base.resolve("models").resolve(json.getFileName()).toString());
                }
            }
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot list " + demo.resolve("models"), e);
        }
    }

    @Transactional
    public List<RegisteredModel> models(ProjectScope scope) {
        return RegisteredModel.<RegisteredModel>listAll(io.quarkus.panache.common.Sort.by("name")).stream()
                .filter(m -> scope.includes(m.projectId)).toList();
    }

    @Transactional
    public List<RegisteredDataset> datasets(ProjectScope scope) {
        return RegisteredDataset.<RegisteredDataset>listAll(io.quarkus.panache.common.Sort.by("name").and("id")).stream()
                .filter(d -> scope.includes(d.projectId)).toList();
    }

    /** The project that the demo and registrations without a project go to. */
    @Transactional
    long defaultProject() {
        return Project.byName(Project.DEFAULT).orElseThrow(() -> new IllegalStateException("the default project is missing")).id;
    }

    private static Optional<RegisteredModel> sameModel(RegisteredModel existing, RegisteredModel candidate) {
        if (!existing.projectId.equals(candidate.projectId)) {
            throw new XmodalException(ErrorCode.CONFLICT, "a model named " + existing.name
                    + " belongs to another project; model names are unique across the server");
        }
        if (!existing.sha256.equals(candidate.sha256)) {
            throw new XmodalException(ErrorCode.CONFLICT, "a model named " + existing.name
                    + " is already registered with a different TorchScript file (SHA-256 " + existing.sha256 + ")");
        }
        return Optional.of(existing);
    }

    /** Inserts {@code entity} unless {@code existing} finds it; a concurrent registration by another node wins quietly. */
    private static <T extends io.quarkus.hibernate.orm.panache.PanacheEntityBase> T saveOnce(
            Supplier<Optional<T>> existing, T entity) {
        Optional<T> found = QuarkusTransaction.requiringNew().call(existing::get);
        if (found.isPresent()) {
            return found.get();
        }
        try {
            QuarkusTransaction.requiringNew().run(entity::persist);
            return entity;
        } catch (RuntimeException e) {
            return QuarkusTransaction.requiringNew().call(existing::get).orElseThrow(() -> e);
        }
    }
}
