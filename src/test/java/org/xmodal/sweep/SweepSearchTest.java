package org.xmodal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.PostgresResource;

/** The history: sweeps found by name, tag, model, dataset, state and date, sorted and paged. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SweepSearchTest {
    private static long alpha;
    private static long beta;

    /** Two finished sweeps, made once (RestAssured knows the port only once a test runs). */
    @BeforeEach
    void sweeps() {
        if (alpha != 0) {
            return;
        }
        alpha = sweep("history alpha", "demo-single", "hist-a");
        beta = sweep("history beta", "demo-text", "hist-b");
        Api.awaitEnd(alpha, Duration.ofMinutes(1));
        Api.awaitEnd(beta, Duration.ofMinutes(1));
    }

    private static long sweep(String name, String model, String tag) {
        return Api.submit(Api.createExperiment(Map.of("name", name, "dataset", "demo-val", "models", List.of(model),
                "directions", List.of("vis4lang"), "conditions", List.of("none", "all"),
                "options", Map.of("subsetTo", 8, "tags", List.of(tag, "history")))));
    }

    private static List<Long> ids(String query) {
        List<Long> ids = new ArrayList<>();
        Api.json("/api/sweeps?" + query).path("items").forEach(i -> ids.add(i.path("id").asLong()));
        return ids;
    }

    @Test
    void filtersByNameTagModelDatasetAndState() {
        assertThat(ids("q=HISTORY")).contains(alpha, beta);
        assertThat(ids("q=alpha")).containsExactly(alpha);
        assertThat(ids("tag=hist-b")).containsExactly(beta);
        assertThat(ids("model=demo-text&tag=history")).containsExactly(beta);
        assertThat(ids("dataset=demo-val&tag=history")).containsExactlyInAnyOrder(alpha, beta);
        assertThat(ids("state=succeeded&tag=history")).containsExactlyInAnyOrder(alpha, beta);
        assertThat(ids("state=failed&tag=history")).isEmpty();
    }

    @Test
    void filtersByDateSortsAndPages() {
        String today = LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
        assertThat(ids("tag=history&since=" + today)).containsExactlyInAnyOrder(alpha, beta);
        assertThat(ids("tag=history&since=" + tomorrow)).isEmpty();
        assertThat(ids("tag=history&until=" + today)).isEmpty();
        assertThat(ids("tag=history")).containsExactly(beta, alpha);
        assertThat(ids("tag=history&sort=-submitted")).containsExactly(alpha, beta);
        assertThat(ids("tag=history&sort=-name")).containsExactly(beta, alpha);
        JsonNode page = Api.json("/api/sweeps?tag=history&size=1&page=1");
        assertThat(page.path("total").asLong()).isEqualTo(2);
        assertThat(page.path("items").get(0).path("id").asLong()).isEqualTo(alpha);
    }

    @Test
    void anItemSaysWhatRanAndHowFar() {
        JsonNode item = Api.json("/api/sweeps?q=alpha").path("items").get(0);
        assertThat(item.path("experimentName").asText()).isEqualTo("history alpha");
        assertThat(item.path("models").toString()).isEqualTo("[\"demo-single\"]");
        assertThat(item.path("tags").toString()).isEqualTo("[\"hist-a\",\"history\"]");
        assertThat(item.path("examplesDone").asLong()).isEqualTo(8);
        assertThat(item.path("examplesTotal").asLong()).isEqualTo(8);
    }

    @Test
    void badFiltersAreProblems() {
        io.restassured.RestAssured.given().get("/api/sweeps?sort=sideways").then().statusCode(400);
        io.restassured.RestAssured.given().get("/api/sweeps?since=yesterday").then().statusCode(400);
        io.restassured.RestAssured.given().get("/api/sweeps?state=sleeping").then().statusCode(400);
    }
}
