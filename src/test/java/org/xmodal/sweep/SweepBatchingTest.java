package org.xmodal.sweep;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.Demo;
import org.xmodal.testing.GoldenFiles;
import org.xmodal.testing.PostgresResource;

/**
 * Batching and untargeted entries through the platform: a batch-dependent model's sweep, split into shards that
 * cut the paper's batches, stores the paper's values; fast batching is refused at submission; a corpus with
 * entries without a target fails listing them under {@code error}, and under {@code skip} stores n without them
 * and lists them.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SweepBatchingTest {
    private static long skipSweep;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    private static void register(String what, String path) {
        int status = given().contentType(ContentType.JSON).body(Map.of("path", path)).post("/api/" + what).then().extract().statusCode();
        assertThat(status).as("registering " + path).isIn(201, 202, 409);
    }

    private static JsonPath runOf(JsonPath sweep, String model, String direction) {
        return new JsonPath(given().get("/api/sweeps/" + sweep.getLong("id")).asString())
                .setRootPath("runs.find { it.model == '" + model + "' && it.direction == '" + direction + "' }");
    }

    @Test
    void aBatchDependentModelRunsInThePaperBatchesAcrossShardEdgesAndRefusesFast() throws IOException {
        register("models", "models/batch-dependent.json");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/models/batch-dependent").statusCode() == 200);
        assertThat(Api.json("/api/models/batch-dependent").path("batchDependent").asBoolean()).isTrue();
        given().contentType(ContentType.JSON).body(Map.of("name", "fast vl", "dataset", "demo-val", "models", List.of("batch-dependent"),
                        "options", Map.of("batching", "fast")))
                .post("/api/experiments").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("model batch-dependent is batch-dependent"));

        long sweep = Api.submit(Api.createExperiment(Map.of("name", "paper batches", "dataset", "demo-val",
                "models", List.of("batch-dependent"), "directions", List.of("vis4lang"), "conditions", List.of("none", "object@0.5", "all"),
                "options", Map.of("subsetTo", 70, "shardSize", 25, "batchSize", 32))));
        JsonPath done = Api.awaitEnd(sweep, Duration.ofMinutes(2));
        assertThat(done.getString("state")).isEqualTo("succeeded");
        JsonPath run = runOf(done, "batch-dependent", "vis4lang");
        assertThat(run.getString("batching")).isEqualTo("paper");
        assertThat(run.getLong("skipped")).isZero();
        assertThat(Api.json("/api/runs/" + run.getLong("id") + "/summary").path("skipped").asLong()).isZero();

        List<CSVRecord> stored = tsv(given().get("/api/runs/" + run.getLong("id") + "/results.tsv").asString());
        List<CSVRecord> golden = GoldenFiles.read(Demo.root().resolve("src/test/resources/golden/batch-dependent/paper/vis4lang.tsv.gz"));
        assertThat(stored).hasSize(70 * 3);
        double worst = 0;
        for (CSVRecord row : stored) {
            CSVRecord g = golden.stream().filter(r -> r.get("example").equals(row.get("example"))
                    && r.get("condition").equals(row.get("condition"))).findFirst().orElseThrow();
            worst = Math.max(worst, Math.abs(Double.parseDouble(row.get("loss_nats")) - Double.parseDouble(g.get("mlm_nats"))));
        }
        assertThat(worst).as("max |Δ| nats against the eager batches of 16").isLessThanOrEqualTo(1e-5);
    }

    @Test
    void entriesWithoutATargetFailTheRunUnderErrorAndAreListedUnderSkip() throws IOException {
        register("datasets", copyOfTheUntargetedCorpus());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                Api.json("/api/datasets").findValuesAsText("name").contains("untargeted"));

        JsonPath failed = Api.awaitEnd(Api.submit(Api.createExperiment(Map.of("name", "untargeted error", "dataset", "untargeted",
                "models", List.of("demo-dual"), "directions", List.of("lang4vis")))), Duration.ofMinutes(2));
        assertThat(failed.getString("state")).isEqualTo("failed");
        assertThat(runOf(failed, "demo-dual", "lang4vis").getString("error"))
                .contains("have no MRC target in lang4vis", "example 41 (image 1680117500", "use --untargeted skip");

        JsonPath done = Api.awaitEnd(skipSweep(), Duration.ofMinutes(2));
        assertThat(done.getString("state")).isEqualTo("succeeded");
        for (Map.Entry<String, List<Integer>> expected : Map.of("vis4lang", List.of(16, 17, 47), "lang4vis", List.of(41, 45, 47, 151)).entrySet()) {
            JsonPath run = runOf(done, "demo-dual", expected.getKey());
            assertThat(run.getLong("skipped")).as(expected.getKey()).isEqualTo(expected.getValue().size());
            JsonNode summary = Api.json("/api/runs/" + run.getLong("id") + "/summary");
            assertThat(summary.path("skipped").asLong()).isEqualTo(expected.getValue().size());
            assertThat(summary.path("rows").findValues("n")).allSatisfy(n -> assertThat(n.asLong()).isEqualTo(168 - expected.getValue().size()));
            JsonNode skipped = Api.json("/api/runs/" + run.getLong("id") + "/skipped");
            assertThat(skipped.path("total").asLong()).isEqualTo(expected.getValue().size());
            assertThat(skipped.path("items").findValues("example").stream().map(JsonNode::asInt).toList()).isEqualTo(expected.getValue());
            assertThat(skipped.path("items").get(0).path("reason").asText()).contains("target");
            assertThat(Api.json("/api/runs/" + run.getLong("id") + "/skipped?page=5&size=2").path("total").asLong())
                    .as("past the last page").isEqualTo(expected.getValue().size());
        }
    }

    @Test
    void aModelWhoseClassCountDiffersFromTheDatasetsIsRefusedForLang4visBeforeAnythingIsQueued() throws IOException {
        Path dir = Files.createDirectories(PostgresResource.testRoot().resolve("classes40"));
        Files.copy(Demo.models().resolve("demo-dual.pt"), dir.resolve("classes40.pt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Demo.tokenizer(), dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("classes40.json"), Files.readString(Demo.model("demo-dual"))
                .replace("\"numClasses\": 41", "\"numClasses\": 40").replace("\"name\": \"demo-dual\"", "\"name\": \"classes40\""));
        register("models", "classes40/classes40.json");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/models/classes40").statusCode() == 200);
        given().contentType(ContentType.JSON).body(Map.of("name", "classes", "dataset", "demo-val", "models", List.of("classes40")))
                .post("/api/experiments").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("model classes40 predicts 40 region classes but dataset demo-val has 41"));
        assertThat(Api.createExperiment(Map.of("name", "classes vis4lang", "dataset", "demo-val", "models", List.of("classes40"),
                "directions", List.of("vis4lang")))).isPositive();
    }

    @Test
    void theSweepPageCountsAndTheExamplesPageListsTheSkippedEntries() throws IOException {
        long sweep = skipSweep();
        JsonPath done = Api.awaitEnd(sweep, Duration.ofMinutes(2));
        long run = runOf(done, "demo-dual", "lang4vis").getLong("id");
        try (org.xmodal.web.Browser browser = org.xmodal.web.Browser.start()) {
            Duration wait = Duration.ofSeconds(20);
            browser.driver.get(root + "#/sweeps/" + sweep);
            browser.await(wait).until(d -> d.findElement(org.openqa.selenium.By.cssSelector("table.runs")).getText().contains("paper")
                    || d.findElement(org.openqa.selenium.By.cssSelector("table.runs")).getText().contains("fast"));
            assertThat(browser.driver.findElement(org.openqa.selenium.By.cssSelector("table.runs")).getText())
                    .contains("Skipped (no target)", "Batching", "fast");
            browser.driver.get(root + "#/runs/" + run + "/examples");
            browser.await(wait).until(d -> !d.findElements(org.openqa.selenium.By.cssSelector("table.skipped tbody tr")).isEmpty());
            assertThat(browser.driver.findElement(org.openqa.selenium.By.id("skipped")).getText())
                    .contains("Skipped entries: 4", "a building", "no MRC target");
            assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector("table.skipped tbody tr"))).hasSize(4);
        }
    }

    /** One sweep of the untargeted corpus under skip, shared by the tests that read it. */
    private static synchronized long skipSweep() throws IOException {
        if (skipSweep == 0) {
            register("datasets", copyOfTheUntargetedCorpus());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    Api.json("/api/datasets").findValuesAsText("name").contains("untargeted"));
            skipSweep = Api.submit(Api.createExperiment(Map.of("name", "untargeted skip", "dataset", "untargeted",
                    "models", List.of("demo-dual"), "conditions", List.of("none", "all"),
                    "options", Map.of("untargeted", "skip", "shardSize", 50))));
        }
        return skipSweep;
    }

    /** The fixture corpus with the demo feature store inside it: a registry refuses paths that climb out with '..'. */
    private static String copyOfTheUntargetedCorpus() throws IOException {
        Path source = Demo.root().resolve("src/test/resources/corpora/untargeted");
        Path target = PostgresResource.testRoot().resolve("untargeted");
        if (!Files.exists(target.resolve("dataset.json"))) {
            copyTree(source, target);
            copyTree(Demo.corpus().resolve("features"), target.resolve("features"));
            Files.writeString(target.resolve("dataset.json"), Files.readString(source.resolve("dataset.json"))
                    .replace("../../../../../demo/corpus/features", "features"));
        }
        return "untargeted";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static List<CSVRecord> tsv(String body) throws IOException {
        return CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body)).getRecords();
    }
}
