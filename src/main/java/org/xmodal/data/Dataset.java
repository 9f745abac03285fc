package org.xmodal.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * A registered evaluation set (docs/formats.md): its examples in the method's order, its feature store, the
 * detector's class names and its text length. Opening checks that every image of the split has features and
 * that the class list matches the store, so errors surface before any model runs.
 */
public final class Dataset implements AutoCloseable {
    public static final String FORMAT = "xmodal-dataset/1";
    public static final int DEFAULT_MAX_SEQ_LENGTH = 38;

    private final String name;
    private final Path dir;
    private final List<Entry> entries;
    private final FeatureStore store;
    private final List<String> classNames;
    private final int maxSeqLength;
    private float[] meanRegionFeature;

    private Dataset(String name, Path dir, List<Entry> entries, FeatureStore store, List<String> classNames,
                    int maxSeqLength) {
        this.name = name;
        this.dir = dir;
        this.entries = entries;
        this.store = store;
        this.classNames = classNames;
        this.maxSeqLength = maxSeqLength;
    }

    public static Dataset open(Path dir) {
        return open(dir, FileGate.TRUSTING);
    }

    /** Opens the dataset in {@code dir}, passing every file it names or holds through {@code gate} first. */
    public static Dataset open(Path dir, FileGate gate) {
        Path manifestFile = gate.file("dataset.json", dir, "dataset.json", FileKind.MANIFEST);
        JsonNode manifest = Manifests.read("dataset.json", manifestFile, FORMAT, "dataset manifest");
        int maxSeqLength = manifest.path("maxSeqLength").asInt(DEFAULT_MAX_SEQ_LENGTH);
        if (maxSeqLength < 3) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, manifestFile + ": maxSeqLength must be at least 3");
        }
        List<Long> split = EntryReader.readSplit(gate.file("split", dir, manifest.path("split").asText("val.txt"), FileKind.TEXT));
        List<Entry> entries = EntryReader.read(split,
                gate.folder("sentences", dir, manifest.path("sentences").asText("Sentences")),
                gate.folder("annotations", dir, manifest.path("annotations").asText("Annotations")), gate);
        Path classesFile = gate.file("classes", dir, manifest.path("classes").asText("objects_vocab.txt"), FileKind.TEXT);
        List<String> classNames = readClasses(classesFile);
        FeatureStore store = FeatureStore.open(gate.folder("features", dir, manifest.path("features").asText("features")), gate);
        try {
            checkConsistent(split, store, classNames, classesFile);
        } catch (XmodalException e) {
            store.close();
            throw e;
        }
        return new Dataset(manifest.path("name").asText(dir.getFileName().toString()), dir, List.copyOf(entries),
                store, classNames, maxSeqLength);
    }

    private static void checkConsistent(List<Long> split, FeatureStore store, List<String> classNames, Path classesFile) {
        for (long imageId : split) {
            if (!store.contains(imageId)) {
                throw new XmodalException(ErrorCode.MISSING_DATA, "image " + imageId
                        + " of the split is not in the feature store");
            }
        }
        if (classNames.size() != store.classCount()) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, classesFile + " lists " + classNames.size()
                    + " classes but the feature store has " + store.classCount());
        }
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public List<Entry> entries() {
        return entries;
    }

    public FeatureStore features() {
        return store;
    }

    public List<String> classNames() {
        return classNames;
    }

    public int maxSeqLength() {
        return maxSeqLength;
    }

    /**
     * The vis4lang replacement vector (spec §2.2): the mean over all entries of the split of their image's mean
     * region feature, so an image weighs as many times as it has entries. Accumulated in float64.
     */
    public synchronized float[] meanRegionFeature() {
        if (meanRegionFeature == null) {
            Map<Long, Integer> perImage = new LinkedHashMap<>();
            entries.forEach(e -> perImage.merge(e.imageId(), 1, Integer::sum));
            int d = store.featureSize();
            double[] sum = new double[d];
            for (Map.Entry<Long, Integer> image : perImage.entrySet()) {
                float[] features = store.read(image.getKey()).features();
                int regions = features.length / d;
                for (int i = 0; i < features.length; i++) {
                    sum[i % d] += (double) features[i] * image.getValue() / regions;
                }
            }
            meanRegionFeature = new float[d];
            for (int i = 0; i < d; i++) {
                meanRegionFeature[i] = (float) (sum[i] / entries.size());
            }
        }
        return meanRegionFeature.clone();
    }

    private static List<String> readClasses(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "class list not readable: " + file, e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
