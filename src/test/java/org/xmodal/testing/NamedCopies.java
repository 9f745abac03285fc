package org.xmodal.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Copies of the demo model and corpus under other names (hostile ones, in the security tests), written to the
 * test registry root and registered over the API. Files are rewritten on every run; the database is new each run.
 */
public final class NamedCopies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NamedCopies() {
    }

    /** demo-single, its TorchScript file and tokenizer copied to {@code folder} and registered as {@code name}. */
    public static void model(String folder, String name) {
        writeModel(folder(folder), name);
        register("/api/models", folder + "/model.json");
    }

    /** Writes demo-single as {@code name} into {@code dir}: {@code model.json}, {@code model.pt} and its tokenizer. */
    public static void writeModel(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            ObjectNode metadata = (ObjectNode) JSON.readTree(Demo.model("demo-single").toFile());
            metadata.put("name", name);
            JSON.writeValue(dir.resolve("model.json").toFile(), metadata);
            Files.copy(Demo.models().resolve("demo-single.pt"), dir.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Demo.tokenizer(), dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** demo-dual copied to {@code folder} and registered as {@code name}, in seed group {@code group} by its metadata. */
    public static void dualInGroup(String folder, String name, String group) {
        Path dir = folder(folder);
        try {
            ObjectNode metadata = (ObjectNode) JSON.readTree(Demo.model("demo-dual").toFile());
            metadata.put("name", name).put("group", group);
            JSON.writeValue(dir.resolve("model.json").toFile(), metadata);
            Files.copy(Demo.models().resolve("demo-dual.pt"), dir.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Demo.tokenizer(), dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        register("/api/models", folder + "/model.json");
    }

    /** A dataset named {@code name}: the first {@code images} images of the demo corpus. */
    public static void dataset(String folder, String name, int images) {
        Path dir = folder(folder);
        try {
            JSON.writeValue(dir.resolve("dataset.json").toFile(), Map.of("format", "xmodal-dataset/1", "name", name,
                    "split", "val.txt", "sentences", "Sentences", "annotations", "Annotations", "classes", "objects_vocab.txt",
                    "features", "features", "maxSeqLength", 38));
            Files.write(dir.resolve("val.txt"), firstImages(images));
            for (String shared : List.of("Sentences", "Annotations", "features", "objects_vocab.txt")) {
                link(dir.resolve(shared), Demo.corpus().resolve(shared));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        register("/api/datasets", folder);
    }

    private static void register(String endpoint, String path) {
        given().contentType(ContentType.JSON).body(Map.of("path", path)).post(endpoint).then().statusCode(201);
    }

    private static List<String> firstImages(int images) throws IOException {
        return Files.readAllLines(Demo.corpus().resolve("val.txt")).stream().filter(l -> !l.isBlank()).limit(images).toList();
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target.toAbsolutePath());
    }

    private static Path folder(String name) {
        try {
            return Files.createDirectories(PostgresResource.testRoot().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
