package org.xmodal.sweep;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.Demo;
import org.xmodal.testing.PostgresResource;

/** A model file replaced after its model was registered and loaded fails the next run with MODEL_CHANGED, not silently reused. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ModelFileCheckTest {

    @Test
    void aModelFileReplacedAfterItWasLoadedFailsTheNextRun() throws Exception {
        Path dir = PostgresResource.testRoot().resolve("replaced-model");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("replaced.json"), Files.readString(Demo.models().resolve("demo-single.json"))
                .replace("\"demo-single\"", "\"replaced\""));
        Files.copy(Demo.models().resolve("demo-single.pt"), dir.resolve("replaced.pt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Demo.models().resolve("tokenizer.json"), dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Demo.models().resolve("vocab.txt"), dir.resolve("vocab.txt"), StandardCopyOption.REPLACE_EXISTING);
        given().contentType(ContentType.JSON).body(Map.of("path", PostgresResource.testRoot().relativize(dir) + "/replaced.json"))
                .post("/api/models").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        long experiment = Api.createExperiment(Map.of("name", "replaced model", "dataset", "demo-val", "models", List.of("replaced"),
                "directions", List.of("vis4lang"), "options", Map.of("subsetTo", 64, "batchSize", 16)));
        assertThat(Api.awaitEnd(Api.submit(experiment), Duration.ofMinutes(2)).getString("state")).isEqualTo("succeeded");

        // same size, new bytes: the other demo model's file under the registered name
        Files.copy(Demo.models().resolve("demo-dual.pt"), dir.resolve("replaced.pt"), StandardCopyOption.REPLACE_EXISTING);
        JsonPath second = Api.awaitEnd(Api.submit(experiment), Duration.ofMinutes(2));
        assertThat(second.getString("state")).isEqualTo("failed");
        assertThat(second.getString("runs[0].error")).contains("model replaced").contains("TorchScript file now has SHA-256");
    }
}
