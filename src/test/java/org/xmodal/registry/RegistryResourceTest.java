package org.xmodal.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.platform.Checksums;
import org.xmodal.testing.Api;
import org.xmodal.testing.Demo;
import org.xmodal.testing.PostgresResource;

/** The demo is registered on start with its checksums; registering the same files again is a no-op. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RegistryResourceTest {

    @Test
    void theDemoIsRegisteredOnStartWithItsChecksums() {
        JsonNode single = Api.json("/api/models/demo-single");
        assertThat(single.path("sha256").asText()).isEqualTo(Checksums.sha256(Demo.models().resolve("demo-single.pt")));
        assertThat(single.path("tokenizerSha256").asText()).isEqualTo(Checksums.sha256(Demo.tokenizer()));
        assertThat(single.path("globalImage").asText()).isEqualTo("first");
        assertThat(Api.json("/api/models/demo-text").path("textOnly").asBoolean()).isTrue();
        JsonNode dataset = demoVal();
        assertThat(dataset).as("demo-val is registered").isNotNull();
        assertThat(dataset.path("examples").asInt()).isEqualTo(8987);
        assertThat(dataset.path("images").asInt()).isEqualTo(700);
    }

    @Test
    void registeringTheSameFilesAgainReturnsTheSameRegistration() {
        long id = Api.json("/api/models/demo-dual").path("id").asLong();
        long again = given().contentType(ContentType.JSON).body(Map.of("path", "models/demo-dual.json")).post("/api/models")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        assertThat(again).isEqualTo(id);
        int datasets = Api.json("/api/datasets").size();
        given().contentType(ContentType.JSON).body(Map.of("path", "corpus")).post("/api/datasets").then().statusCode(201);
        assertThat(Api.json("/api/datasets")).hasSize(datasets);
    }

    /** Other test classes in the same JVM may register more datasets (named to sort first, for instance). */
    private static JsonNode demoVal() {
        for (JsonNode d : Api.json("/api/datasets")) {
            if (d.path("name").asText().equals("demo-val")) {
                return d;
            }
        }
        return null;
    }

    @Test
    void aFolderIsNotAModel() {
        given().contentType(ContentType.JSON).body(Map.of("path", "models")).post("/api/models").then().statusCode(400);
    }
}
