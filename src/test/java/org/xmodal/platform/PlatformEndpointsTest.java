package org.xmodal.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.PostgresResource;

/** OpenAPI with Swagger UI, health checks, Prometheus metrics of the queue, and the cluster status. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PlatformEndpointsTest {

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/experiments"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/sweeps/{id}/cancel"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void healthIncludesTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database connections health check"));
    }

    @Test
    void metricsReportTheQueue() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("xmodal_queue_depth"))
                .body(containsString("xmodal_shards_running"))
                .body(containsString("xmodal_examples_evaluated_total"))
                .body(containsString("xmodal_shard_failures_total"));
    }

    @Test
    void statusListsThisNodesWorker() {
        given().get("/api/status").then().statusCode(200)
                .body("workers.device", org.hamcrest.Matchers.hasItem("cpu"))
                .body("workers.alive", org.hamcrest.Matchers.hasItem(true));
    }
}
