package org.xmodal.sweep;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.Demo;
import org.xmodal.testing.PostgresResource;

/**
 * A dataset file swapped after registration — for a FIFO, or a link out of the roots — is refused when a worker or
 * the examples view reads the dataset again: the run fails with the reason, and nothing blocks.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SwappedFilesTest {
    @Test
    void aSplitSwappedForAFifoFailsTheRunInsteadOfBlockingTheWorker() throws Exception {
        Path dir = dataset("swapped-fifo");
        Files.delete(dir.resolve("val.txt"));
        mkfifo(dir.resolve("val.txt"));
        JsonPath done = sweepOn("swapped-fifo");
        assertThat(done.getString("state")).isEqualTo("failed");
        assertThat(done.getString("runs[0].error")).contains("split").contains("not a regular file");
    }

    @Test
    void aSplitSwappedForALinkOutOfTheRootsFailsTheRunWithoutQuotingIt() throws Exception {
        Path dir = dataset("swapped-link");
        Files.delete(dir.resolve("val.txt"));
        Files.createSymbolicLink(dir.resolve("val.txt"), Path.of("/etc/passwd"));
        JsonPath done = sweepOn("swapped-link");
        assertThat(done.getString("state")).isEqualTo("failed");
        assertThat(done.getString("runs[0].error")).contains("split").doesNotContain("root:");
    }

    /** A copy of the demo corpus's manifest and split under a new name, the large folders linked (inside the roots). */
    private static Path dataset(String name) throws IOException {
        Path dir = PostgresResource.testRoot().resolve(name);
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("dataset.json"), Files.readString(Demo.corpus().resolve("dataset.json"))
                .replace("\"demo-val\"", "\"" + name + "\""));
        Files.copy(Demo.corpus().resolve("val.txt"), dir.resolve("val.txt"));
        for (String linked : List.of("Sentences", "Annotations", "features", "objects_vocab.txt")) {
            Files.createSymbolicLink(dir.resolve(linked), Demo.corpus().resolve(linked));
        }
        given().contentType(ContentType.JSON).body(Map.of("path", name)).post("/api/datasets").then().statusCode(201);
        return dir;
    }

    private static JsonPath sweepOn(String dataset) {
        Map<String, Object> definition = new java.util.LinkedHashMap<>(Api.experiment("swapped " + dataset, List.of("demo-text"),
                Map.of("subsetTo", 8, "shardSize", 8)));
        definition.put("dataset", dataset);
        definition.put("directions", List.of("vis4lang"));
        return Api.awaitEnd(Api.submit(Api.createExperiment(definition)), Duration.ofMinutes(1));
    }

    private static void mkfifo(Path file) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("mkfifo", file.toString()).inheritIO().start().waitFor()).isZero();
    }
}
