package org.xmodal.experiment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.PostgresResource;

/** Experiments over REST: defaults filled in, edits make versions that keep the old ones, search, archive. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ExperimentResourceTest {

    @Test
    void aNewExperimentHasEveryDefaultFilledIn() {
        long id = Api.createExperiment(Map.of("name", "defaults", "dataset", "demo-val", "models", List.of("demo-single")));
        JsonNode definition = Api.json("/api/experiments/" + id).path("definition");
        assertThat(definition.path("directions").toString()).isEqualTo("[\"vis4lang\",\"lang4vis\"]");
        assertThat(definition.path("conditions").path("vis4lang")).hasSize(12);
        assertThat(definition.path("conditions").path("lang4vis").toString()).isEqualTo("[\"none\",\"phrase\",\"all\"]");
        assertThat(definition.path("batchSize").asInt()).isEqualTo(32);
        assertThat(definition.path("subsetTo").asInt()).isEqualTo(8987);
        assertThat(definition.path("datasetHash").asText()).hasSize(64);
        assertThat(definition.path("batching").asText()).isEqualTo("auto");
        assertThat(definition.path("untargeted").asText()).isEqualTo("error");
    }

    @Test
    void batchingAndTheUntargetedPolicyAreCheckedAndKept() {
        long id = Api.createExperiment(Api.experiment("policies", List.of("demo-single"), Map.of("batching", "exact", "untargeted", "skip")));
        JsonNode definition = Api.json("/api/experiments/" + id).path("definition");
        assertThat(definition.path("batching").asText()).isEqualTo("exact");
        assertThat(definition.path("untargeted").asText()).isEqualTo("skip");
        given().contentType(ContentType.JSON).body(Api.experiment("bad batching", List.of("demo-single"), Map.of("batching", "quick")))
                .post("/api/experiments").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("must be auto, paper, exact or fast"));
        given().contentType(ContentType.JSON).body(Api.experiment("bad policy", List.of("demo-single"), Map.of("untargeted", "drop")))
                .post("/api/experiments").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("must be error or skip"));
    }

    @Test
    void conditionsGoToTheDirectionsTheyBelongTo() {
        long id = Api.createExperiment(Map.of("name", "split", "dataset", "demo-val", "models", List.of("demo-single"),
                "conditions", List.of("none", "object@0.5", "phrase", "all")));
        JsonNode conditions = Api.json("/api/experiments/" + id).path("definition").path("conditions");
        assertThat(conditions.path("vis4lang").toString()).isEqualTo("[\"none\",\"object@0.5\",\"all\"]");
        assertThat(conditions.path("lang4vis").toString()).isEqualTo("[\"none\",\"phrase\",\"all\"]");
    }

    @Test
    void editingMakesANewVersionAndKeepsTheOld() {
        long id = Api.createExperiment(Api.experiment("versioned", List.of("demo-single"), Map.of("batchSize", 16)));
        given().contentType(ContentType.JSON).body(Api.experiment("versioned", List.of("demo-single", "demo-dual"), Map.of("batchSize", 64)))
                .put("/api/experiments/" + id).then().statusCode(200);

        JsonNode latest = Api.json("/api/experiments/" + id);
        assertThat(latest.path("version").asInt()).isEqualTo(2);
        assertThat(latest.path("versions").toString()).isEqualTo("[1,2]");
        assertThat(latest.path("definition").path("batchSize").asInt()).isEqualTo(64);
        JsonNode first = Api.json("/api/experiments/" + id + "?version=1");
        assertThat(first.path("definition").path("batchSize").asInt()).isEqualTo(16);
        assertThat(first.path("definition").path("models")).hasSize(1);
    }

    @Test
    void searchFindsByNameTagModelAndDataset() {
        long tagged = Api.createExperiment(Api.experiment("Needle in a haystack", List.of("demo-text"), Map.of("tags", List.of("needle"))));
        assertThat(ids("q=needle")).contains(tagged);
        assertThat(ids("tag=needle")).containsExactly(tagged);
        assertThat(ids("model=demo-text&tag=needle")).containsExactly(tagged);
        assertThat(ids("dataset=demo-val")).contains(tagged);
        assertThat(ids("dataset=other")).isEmpty();
        assertThat(Api.json("/api/experiments?size=1").path("items")).hasSize(1);
    }

    @Test
    void archivedExperimentsLeaveTheListAndCannotRun() {
        long id = Api.createExperiment(Api.experiment("to archive", List.of("demo-single"), Map.of("tags", List.of("archive-me"))));
        given().contentType(ContentType.JSON).post("/api/experiments/" + id + "/archive").then().statusCode(200);
        assertThat(ids("tag=archive-me")).isEmpty();
        assertThat(ids("tag=archive-me&archived=true")).containsExactly(id);
        given().contentType(ContentType.JSON).post("/api/experiments/" + id + "/sweeps").then().statusCode(409);
        given().contentType(ContentType.JSON).post("/api/experiments/" + id + "/unarchive").then().statusCode(200);
        assertThat(ids("tag=archive-me")).containsExactly(id);
    }

    private static List<Long> ids(String query) {
        List<Long> ids = new java.util.ArrayList<>();
        Api.json("/api/experiments?" + query).path("items").forEach(i -> ids.add(i.path("id").asLong()));
        return ids;
    }
}
