package org.xmodal.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xmodal.testing.PostgresResource;

/**
 * Every error the HTTP layer answers, from Vert.x or from JAX-RS, is a problem detail whose status matches the
 * answer's; the few Netty refuses before any handler are pinned down as they are (a bare status, then close).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HttpProblemsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType(startsWith(Problem.MEDIA_TYPE)).body("status", equalTo(status))
                .body("type", startsWith("https://xmodal.org/problems/")).body("title", org.hamcrest.Matchers.notNullValue())
                .body("detail", org.hamcrest.Matchers.notNullValue()).body("instance", startsWith("/"));
    }

    private static void problem(RawHttp.Answer answer, int status) throws Exception {
        assertThat(answer.status()).as(answer.head()).isEqualTo(status);
        assertThat(answer.hasHeader("Content-Type", Problem.MEDIA_TYPE)).as(answer.head()).isTrue();
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("type").asText()).startsWith("https://xmodal.org/problems/");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }

    @ParameterizedTest
    @CsvSource({"/api/nope", "/nope.js", "/q/nope", "/web/missing/page.html"})
    void unknownRoutesAre404ProblemDetails(String path) {
        problem(given().get(path).then(), 404).body("instance", equalTo(path));
    }

    @Test
    void theWebUiAndTheQuarkusEndpointsKeepTheirFormats() {
        given().get("/").then().statusCode(200).contentType(startsWith("text/html"));
        given().get("/app.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/q/health").then().statusCode(200).contentType(startsWith("application/json"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("xmodal_queue_depth"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi:"));
    }

    @Test
    void aWrongMethodIsA405() {
        problem(given().delete("/api/models").then(), 405);
    }

    @Test
    void anUnacceptableMediaTypeIsA406() {
        problem(given().accept("text/csv").get("/api/models").then(), 406);
    }

    @Test
    void anUnreadableMediaTypeIsA415() {
        problem(given().contentType(ContentType.TEXT).body("name=x").post("/api/experiments").then(), 415);
    }

    @Test
    void aDeclaredBodyOverTheLimitIsA413BeforeItIsRead() throws Exception {
        problem(RawHttp.send(RestAssured.port, "POST /api/experiments HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2000000"), 413);
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413() throws Exception {
        byte[] body = ("{\"name\": \"" + "x".repeat(1_200_000) + "\"}").getBytes();
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/experiments")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(Problem.MEDIA_TYPE));
        assertThat(JSON.readTree(answer.body()).path("status").asInt()).isEqualTo(413);
    }

    @Test
    void aChunkedBodyUnderTheLimitIsRead() throws Exception {
        byte[] body = "{\"name\": \"chunked\", \"dataset\": \"demo-val\", \"models\": [\"demo-single\"]}".getBytes();
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/experiments")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    @Test
    void aLongUriIsA414() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/experiments?q=" + "x".repeat(20_000))).GET());
        assertThat(answer.statusCode()).isEqualTo(414);
        assertThat(JSON.readTree(answer.body()).path("status").asInt()).isEqualTo(414);
        assertThat(JSON.readTree(answer.body()).path("instance").asText()).isEqualTo("/api/experiments");
    }

    @Test
    void largeHeadersAreA431() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/models")).header("X-Big", "y".repeat(40_000)).GET());
        assertThat(answer.statusCode()).isEqualTo(431);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(Problem.MEDIA_TYPE));
        assertThat(JSON.readTree(answer.body()).path("status").asInt()).isEqualTo(431);
    }

    @ParameterizedTest
    @CsvSource({"abc", "-1", "1x", "' 12 34'"})
    void aContentLengthThatIsNotANumberIsRefusedByNettyWithABare400(String length) throws Exception {
        // Netty's decoder refuses these before any Vert.x route; Vert.x answers 400 without a body and closes
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, "POST /api/experiments HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + length);
        assertThat(answer.status()).as(answer.head()).isEqualTo(400);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void aRequestLineBeyondNettysBackstopGetsABare414OrAReset() throws Exception {
        // past quarkus.http.limits.max-initial-line-length Netty itself refuses: Vert.x writes a bare 414 and closes
        // with the rest of the line unread, so the kernel resets the connection and the 414 may never be read
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, "GET /api/models?q=" + "x".repeat(70_000) + " HTTP/1.1\r\nHost: x");
        assertThat(answer.status()).as(answer.head()).isIn(0, 414);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void garbageIsA400OrAClosedConnection() throws Exception {
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, "\u0001\u0002 nonsense");
        assertThat(answer.status()).isIn(0, 400);
        assertThat(answer.body()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"/api/experiments?page=abc,page", "/api/experiments?size=x,size", "/api/experiments?size=100000,size",
        "/api/experiments?page=-1,page", "/api/experiments?archived=maybe,archived", "/api/experiments/1?version=v2,version",
        "/api/sweeps?page=1.5,page", "/api/sweeps?size=0,size", "/api/sweeps?experiment=abc,experiment",
        "/api/sweeps?since=yesterday,since", "/api/sweeps?until=2026-13-45,until", "/api/sweeps?sort=sideways,sort",
        "/api/sweeps?state=asleep,state", "/api/runs/1/examples?page=abc,page", "/api/compare?runs=1%2Cx,runs",
        "/api/sweeps?page=99999999999,page"})
    void unparseableQueryParametersAre400sNamingTheParameter(String path, String field) {
        problem(given().urlEncodingEnabled(false).get(path).then(), 400).body("errors.field", hasItem(field));
    }

    @Test
    void aNonNumericIdInThePathIsA404() {
        problem(given().get("/api/sweeps/abc").then(), 404);
        problem(given().get("/api/datasets/abc").then(), 404);
    }
}
