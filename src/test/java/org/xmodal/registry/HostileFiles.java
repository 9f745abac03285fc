package org.xmodal.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xmodal.testing.Demo;

/** Small legitimate registrations to spoil: a one-image dataset cut from the demo corpus, a copy of a demo model. */
final class HostileFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REGIONS = 16;
    private static final int FEATURES = 32;
    private static final int CLASSES = 41;

    private HostileFiles() {
    }

    /** A valid one-image dataset in {@code dir}, named after the folder above it. */
    static Path dataset(Path dir) throws IOException {
        Path corpus = Demo.corpus();
        String id = Files.readAllLines(corpus.resolve("val.txt")).get(0).strip();
        Files.createDirectories(dir.resolve("Sentences"));
        Files.createDirectories(dir.resolve("Annotations"));
        Files.createDirectories(dir.resolve("features"));
        Files.copy(corpus.resolve("Sentences/" + id + ".txt"), dir.resolve("Sentences/" + id + ".txt"));
        Files.copy(corpus.resolve("Annotations/" + id + ".xml"), dir.resolve("Annotations/" + id + ".xml"));
        Files.copy(corpus.resolve("objects_vocab.txt"), dir.resolve("objects_vocab.txt"));
        Files.writeString(dir.resolve("val.txt"), id + "\n");
        Files.writeString(dir.resolve("dataset.json"), "{\"format\":\"xmodal-dataset/1\",\"name\":\"hostile-"
                + dir.getParent().getFileName() + "\",\"split\":\"val.txt\",\"sentences\":\"Sentences\",\"annotations\":"
                + "\"Annotations\",\"classes\":\"objects_vocab.txt\",\"features\":\"features\"}");
        Path store = dir.resolve("features");
        Files.writeString(store.resolve("manifest.json"), "{\"format\":\"xmodal-features/1\",\"numImages\":1,\"numRegions\":"
                + REGIONS + ",\"featureSize\":" + FEATURES + ",\"numClasses\":" + CLASSES + "}");
        Files.writeString(store.resolve("images.tsv"), "image_id\theight\twidth\n" + id + "\t317\t625\n");
        Files.write(store.resolve("boxes.f32"), new byte[REGIONS * 4 * Float.BYTES]);
        Files.write(store.resolve("features.f32"), new byte[REGIONS * FEATURES * Float.BYTES]);
        Files.write(store.resolve("cls_prob.f32"), new byte[REGIONS * CLASSES * Float.BYTES]);
        return dir;
    }

    /** A copy of demo-single in {@code dir} under a new name; returns its metadata file. */
    static Path model(Path dir) throws IOException {
        Files.createDirectories(dir);
        String name = "hostile-" + dir.getParent().getFileName();
        ObjectNode metadata = (ObjectNode) JSON.readTree(Demo.model("demo-single").toFile());
        metadata.put("name", name);
        Files.copy(Demo.models().resolve("demo-single.pt"), dir.resolve(name + ".pt"));
        Files.copy(Demo.tokenizer(), dir.resolve("tokenizer.json"));
        Path file = dir.resolve(name + ".json");
        JSON.writeValue(file.toFile(), metadata);
        return file;
    }

    /** The file or folder a slot names inside a dataset folder, or beside a model's metadata file. */
    static Path slot(Path target, String slot) throws IOException {
        String id = Files.readAllLines(Demo.corpus().resolve("val.txt")).get(0).strip();
        String name = target.getFileName().toString().replaceFirst("\\.json$", "");
        return switch (slot) {
            case "dataset.json" -> target.resolve("dataset.json");
            case "split" -> target.resolve("val.txt");
            case "classes" -> target.resolve("objects_vocab.txt");
            case "sentences-file" -> target.resolve("Sentences/" + id + ".txt");
            case "annotations-file" -> target.resolve("Annotations/" + id + ".xml");
            case "sentences-folder" -> target.resolve("Sentences");
            case "annotations-folder" -> target.resolve("Annotations");
            case "features-folder" -> target.resolve("features");
            case "stray" -> target.resolve("notes.txt");
            case "model.json" -> target;
            case "model.pt" -> target.resolveSibling(name + ".pt");
            case "tokenizer-file" -> target.resolveSibling("tokenizer.json");
            default -> slot.startsWith("features/") ? target.resolve(slot) : fail(slot);
        };
    }

    /** Sets a path key of a manifest (dataset.json or a model's metadata) to {@code value}. */
    static void setKey(Path manifest, String key, String value) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(manifest.toFile());
        node.put(key, value);
        JSON.writeValue(manifest.toFile(), node);
    }

    private static Path fail(String slot) {
        throw new IllegalArgumentException("unknown slot " + slot);
    }
}
