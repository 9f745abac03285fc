package org.xmodal.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmodal.testing.Api;
import org.xmodal.testing.PostgresResource;

/** Bad input over REST: always a 4xx application/problem+json naming the fields at fault, never a 500, nothing lost. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ApiProblemsTest {

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType(startsWith("application/problem+json"))
                .body("status", org.hamcrest.Matchers.equalTo(status));
    }

    private static ValidatableResponse postExperiment(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/experiments").then();
    }

    private static Map<String, Object> valid() {
        return Api.experiment("valid", List.of("demo-single"), Map.of());
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> body = new java.util.HashMap<>(valid());
        body.put(key, value);
        return body;
    }

    @Test
    void malformedJsonIsA400() {
        problem(given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"models\": [").post("/api/experiments").then(), 400)
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        problem(postExperiment(with("options", Map.of("batchSize", "many"))), 400)
                .body("errors.field", hasItem("options.batchSize"));
    }

    @Test
    void aMisspeltFieldIsRefusedNotIgnored() {
        problem(postExperiment(with("options", Map.of("batchsize", 8))), 400).body("errors.field", hasItem("options.batchsize"));
        problem(postExperiment(with("condtions", List.of("none"))), 400).body("errors.field", hasItem("condtions"));
    }

    @Test
    void unknownModelAndDatasetAreFieldErrors() {
        Map<String, Object> body = Api.experiment("x", List.of("demo-single", "no-such-model"), Map.of());
        body = new java.util.HashMap<>(body);
        body.put("dataset", "no-such-dataset");
        problem(postExperiment(body), 400)
                .body("errors.field", hasItem("models[1]"))
                .body("errors.field", hasItem("dataset"));
    }

    @Test
    void anEmptyConditionListIsRefused() {
        problem(postExperiment(with("conditions", List.of())), 400).body("errors.field", hasItem("conditions"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"object@1.5", "object@-0.1", "object@abc", "phrase-ish"})
    void aConditionOutsideTheMethodIsRefused(String condition) {
        problem(postExperiment(with("conditions", List.of("none", condition))), 400).body("errors.field", hasItem("conditions[1]"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -3, 4097, 100_000_000})
    void batchSizeOutOfRangeIsRefused(int batchSize) {
        problem(postExperiment(with("options", Map.of("batchSize", batchSize))), 400).body("errors.field", hasItem("options.batchSize"));
    }

    @Test
    void anEmptySubsetIsRefused() {
        problem(postExperiment(with("options", Map.of("subsetFrom", 10, "subsetTo", 5))), 400)
                .body("errors.field", hasItem("options.subsetTo"));
    }

    @Test
    void anOversizedBodyIsA413() {
        String notes = "x".repeat(2 * 1024 * 1024);
        problem(postExperiment(with("options", Map.of("notes", notes))), 413);
    }

    @Test
    void aPageBeyondTheLimitIsRefused() {
        problem(given().get("/api/experiments?size=100000").then(), 400).body("errors.field", hasItem("size"));
        problem(given().get("/api/sweeps?page=-1").then(), 400).body("errors.field", hasItem("page"));
    }

    @Test
    void unknownIdsAre404s() {
        problem(given().get("/api/sweeps/987654").then(), 404);
        problem(given().get("/api/experiments/987654").then(), 404);
        problem(given().get("/api/runs/987654/summary").then(), 404);
        problem(given().get("/api/no-such-endpoint").then(), 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../pom.xml", "models/../../pom.xml", "%2e%2e/pom.xml", "%252e%252e/pom.xml", "..%2fpom.xml",
            "/etc/passwd", "/work", "models/%2E%2E/%2E%2E/pom.xml"})
    void pathsThatEscapeTheRootsAreRefused(String path) {
        problem(given().contentType(ContentType.JSON).body(Map.of("path", path)).post("/api/models").then(), 400)
                .body("errors.field", hasItem("path"));
        problem(given().contentType(ContentType.JSON).body(Map.of("path", path)).post("/api/datasets").then(), 400)
                .body("errors.field", hasItem("path"));
    }

    @Test
    void aSymbolicLinkThatLeadsOutIsRefused() throws Exception {
        Path link = PostgresResource.testRoot().resolve("escape");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of("/etc"));
        problem(given().contentType(ContentType.JSON).body(Map.of("path", "escape/hostname")).post("/api/models").then(), 400)
                .body("detail", containsString("outside"));
    }

    @Test
    void badInputLosesNothingAlreadyStored() {
        long id = Api.createExperiment(Api.experiment("kept", List.of("demo-single"), Map.of("tags", List.of("kept"))));
        problem(given().contentType(ContentType.JSON).body(Map.of("name", "kept", "dataset", "demo-val", "models", List.of("nope")))
                .put("/api/experiments/" + id).then(), 400);
        assertThat(Api.json("/api/experiments/" + id).path("versions")).hasSize(1);
        assertThat(Api.json("/api/experiments/" + id).path("definition").path("models").get(0).asText()).isEqualTo("demo-single");
    }
}
