package org.xmodal.sweep;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.Demo;
import org.xmodal.testing.PostgresResource;

/** A sweep's life beyond the happy path: a model that cannot load, a changed model file, cancel, retry and resume. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SweepLifecycleTest {

    private static Map<String, Object> experiment(String name, List<String> models, int examples, int shardSize) {
        return Map.of("name", name, "dataset", "demo-val", "models", models, "directions", List.of("vis4lang"),
                "options", Map.of("subsetTo", examples, "shardSize", shardSize, "batchSize", 32));
    }

    private static JsonPath run(JsonPath sweep, String model) {
        return new JsonPath(given().get("/api/sweeps/" + sweep.getLong("id")).asString())
                .setRootPath("runs.find { it.model == '" + model + "' }");
    }

    @Test
    void aModelThatFailsToLoadFailsItsRunOnlyAndSaysWhy() {
        given().contentType(ContentType.JSON).body(Map.of("path", "models/not-torchscript.json")).post("/api/models")
                .then().statusCode(201);
        long sweep = Api.submit(Api.createExperiment(experiment("broken model", List.of("not-torchscript", "demo-single"), 64, 32)));

        JsonPath done = Api.awaitEnd(sweep, Duration.ofMinutes(2));

        assertThat(done.getString("state")).isEqualTo("failed");
        JsonPath broken = run(done, "not-torchscript");
        assertThat(broken.getString("state")).isEqualTo("failed");
        assertThat(broken.getString("error")).contains("cannot load TorchScript model");
        JsonPath healthy = run(done, "demo-single");
        assertThat(healthy.getString("state")).isEqualTo("succeeded");
        assertThat(Api.json("/api/runs/" + healthy.getLong("id") + "/summary").path("rows")).hasSize(12);
    }

    @Test
    void aModelFileChangedSinceRegistrationIsRefused() throws Exception {
        Path dir = Files.createDirectories(PostgresResource.testRoot().resolve("changed"));
        ObjectNode metadata = (ObjectNode) new ObjectMapper().readTree(Demo.model("demo-single").toFile());
        metadata.remove("sha256");
        metadata.put("name", "changed-model").put("tokenizer", Demo.tokenizer().toString());
        Files.writeString(dir.resolve("changed-model.json"), metadata.toString());
        Files.copy(Demo.models().resolve("demo-single.pt"), dir.resolve("changed-model.pt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        given().contentType(ContentType.JSON).body(Map.of("path", "changed/changed-model.json")).post("/api/models")
                .then().statusCode(201);
        Files.write(dir.resolve("changed-model.pt"), new byte[] {0}, StandardOpenOption.APPEND);

        JsonPath done = Api.awaitEnd(Api.submit(Api.createExperiment(experiment("changed", List.of("changed-model"), 32, 32))),
                Duration.ofMinutes(1));

        assertThat(done.getString("state")).isEqualTo("failed");
        assertThat(run(done, "changed-model").getString("error")).contains("was registered");
    }

    @Test
    void cancelStopsASweepAndRetryResumesItToExactlyOneRowPerExample() {
        long sweep = Api.submit(Api.createExperiment(experiment("cancel me", List.of("demo-single"), 2000, 250)));
        await().atMost(Duration.ofMinutes(1)).until(() -> Api.sweep(sweep).getLong("examplesDone") > 0);

        given().contentType(ContentType.JSON).post("/api/sweeps/" + sweep + "/cancel").then().statusCode(200);
        JsonPath cancelled = Api.awaitEnd(sweep, Duration.ofMinutes(1));

        assertThat(cancelled.getString("state")).isEqualTo("cancelled");
        assertThat(cancelled.getLong("examplesDone")).isLessThan(2000);
        List<String> shardStates = given().get("/api/sweeps/" + sweep + "/shards").then().extract().jsonPath().getList("state");
        assertThat(shardStates).doesNotContain("queued", "running").contains("cancelled");

        JsonNode partial = Api.json("/api/runs/" + cancelled.getLong("runs[0].id") + "/summary");
        assertThat(partial.path("partial").asBoolean()).isTrue();
        assertThat(partial.path("rows")).hasSize(12)
                .allSatisfy(r -> assertThat(r.path("n").asLong()).isEqualTo(cancelled.getLong("runs[0].examplesDone")));

        given().contentType(ContentType.JSON).post("/api/sweeps/" + sweep + "/retry").then().statusCode(200);
        JsonPath done = Api.awaitEnd(sweep, Duration.ofMinutes(3));

        assertThat(done.getString("state")).isEqualTo("succeeded");
        assertThat(done.getLong("examplesDone")).isEqualTo(2000);
        long runId = done.getLong("runs[0].id");
        assertThat(Api.json("/api/runs/" + runId + "/summary").path("rows").findValues("n"))
                .allSatisfy(n -> assertThat(n.asLong()).isEqualTo(2000));
    }

    @Test
    void unknownSweepsAreNotFound() {
        given().contentType(ContentType.JSON).post("/api/sweeps/987654/retry").then().statusCode(404);
        given().contentType(ContentType.JSON).post("/api/sweeps/987654/cancel").then().statusCode(404);
    }
}
