package org.xmodal.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Random access to a feature store (docs/formats.md): fixed-size records in three raw float32 files, read with
 * positioned reads, so memory does not depend on the store's size beyond a small id index. Thread-safe.
 */
public final class FeatureStore implements AutoCloseable {
    public static final String FORMAT = "xmodal-features/1";
    /** The dataset manifest's key that names a feature store; errors about the store's files are reported under it. */
    private static final String KEY = "features";

    private final Path dir;
    private final int regions;
    private final int featureSize;
    private final int classes;
    private final Map<Long, int[]> index;
    private final FileChannel boxes;
    private final FileChannel features;
    private final FileChannel classProbs;

    private FeatureStore(Path dir, int regions, int featureSize, int classes, Map<Long, int[]> index,
                         FileChannel boxes, FileChannel features, FileChannel classProbs) {
        this.dir = dir;
        this.regions = regions;
        this.featureSize = featureSize;
        this.classes = classes;
        this.index = index;
        this.boxes = boxes;
        this.features = features;
        this.classProbs = classProbs;
    }

    public static FeatureStore open(Path dir) {
        return open(dir, FileGate.TRUSTING);
    }

    /** Opens the store in {@code dir}, passing each of its files through {@code gate} (all under the key "features"). */
    public static FeatureStore open(Path dir, FileGate gate) {
        JsonNode manifest = Manifests.read(KEY, gate.file(KEY, dir, "manifest.json", FileKind.MANIFEST), FORMAT,
                "feature store manifest");
        int regions = positive(manifest, "numRegions", dir);
        int featureSize = positive(manifest, "featureSize", dir);
        int classes = positive(manifest, "numClasses", dir);
        Map<Long, int[]> index = readIndex(gate.file(KEY, dir, "images.tsv", FileKind.TEXT));
        long n = index.size();
        if (manifest.path("numImages").asLong(n) != n) {
            throw malformed(dir.resolve("manifest.json") + ": numImages is " + manifest.path("numImages").asLong()
                    + " but images.tsv lists " + n + " images");
        }
        FileChannel boxes = channel(gate.file(KEY, dir, "boxes.f32", FileKind.FEATURES), n * regions * 4L);
        FileChannel features = null;
        try {
            features = channel(gate.file(KEY, dir, "features.f32", FileKind.FEATURES), n * regions * (long) featureSize);
            FileChannel classProbs = channel(gate.file(KEY, dir, "cls_prob.f32", FileKind.FEATURES), n * regions * (long) classes);
            return new FeatureStore(dir, regions, featureSize, classes, index, boxes, features, classProbs);
        } catch (XmodalException e) {
            closeQuietly(boxes);
            closeQuietly(features);
            throw e;
        }
    }

    public int regionCount() {
        return regions;
    }

    public int featureSize() {
        return featureSize;
    }

    public int classCount() {
        return classes;
    }

    public int imageCount() {
        return index.size();
    }

    public boolean contains(long imageId) {
        return index.containsKey(imageId);
    }

    public ImageFeatures read(long imageId) {
        int[] row = index.get(imageId);
        if (row == null) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "image " + imageId + " is not in the feature store " + dir);
        }
        long record = row[0];
        return new ImageFeatures(imageId, row[1], row[2],
                readFloats(boxes, record, regions * 4, "boxes.f32"),
                readFloats(features, record, regions * featureSize, "features.f32"),
                readFloats(classProbs, record, regions * classes, "cls_prob.f32"));
    }

    private float[] readFloats(FileChannel channel, long record, int count, String name) {
        ByteBuffer buffer = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long position = record * count * Float.BYTES;
        try {
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position + buffer.position());
                if (read < 0) {
                    throw malformed(dir.resolve(name) + " ends before record " + record);
                }
            }
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read " + dir.resolve(name), e);
        }
        float[] values = new float[count];
        buffer.flip().asFloatBuffer().get(values);
        return values;
    }

    private static int positive(JsonNode manifest, String key, Path dir) {
        int value = manifest.path(key).asInt(0);
        if (value <= 0) {
            throw malformed(dir.resolve("manifest.json") + ": '" + key + "' must be a positive integer");
        }
        return value;
    }

    private static Map<Long, int[]> readIndex(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "feature store index not readable: " + file, e);
        }
        Map<Long, int[]> index = new HashMap<>(lines.size() * 2);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split("\t");
            try {
                long id = Long.parseLong(cells[0].trim());
                int[] row = {index.size(), Integer.parseInt(cells[1].trim()), Integer.parseInt(cells[2].trim())};
                if (index.put(id, row) != null) {
                    throw malformed(file + " line " + (i + 1) + ": image " + id + " is listed twice");
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw malformed(file + " line " + (i + 1) + ": expected 'image_id<TAB>height<TAB>width'");
            }
        }
        return index;
    }

    private static FileChannel channel(Path file, long floats) {
        try {
            long expected = floats * Float.BYTES;
            long actual = Files.size(file);
            if (actual != expected) {
                throw malformed(file + " has " + actual + " bytes, but the manifest and images.tsv need " + expected);
            }
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "feature store file not readable: " + file, e);
        }
    }

    private static XmodalException malformed(String message) {
        return new XmodalException(ErrorCode.MALFORMED_DATA, message);
    }

    @Override
    public void close() {
        closeQuietly(boxes);
        closeQuietly(features);
        closeQuietly(classProbs);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a read-only channel cannot lose data
        }
    }
}
