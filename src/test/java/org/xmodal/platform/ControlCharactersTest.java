package org.xmodal.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xmodal.testing.Api;
import org.xmodal.testing.PostgresResource;

/** Control characters in any JSON string, query or path parameter: a 400 naming the field, nothing stored or echoed. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ControlCharactersTest {
    private static final List<Character> CONTROLS = List.of('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\ud800');

    /** Each JSON string field of an experiment, and how to put a value into it. */
    private static final Map<String, java.util.function.BiConsumer<Map<String, Object>, String>> FIELDS = Map.of(
            "name", (b, v) -> b.put("name", v),
            "dataset", (b, v) -> b.put("dataset", v),
            "models[0]", (b, v) -> b.put("models", List.of(v)),
            "directions[0]", (b, v) -> b.put("directions", List.of(v)),
            "conditions[1]", (b, v) -> b.put("conditions", List.of("none", v)),
            "options.precision", (b, v) -> options(b).put("precision", v),
            "options.tags[1]", (b, v) -> options(b).put("tags", List.of("ok", v)),
            "options.notes", (b, v) -> options(b).put("notes", v));

    /** Every query parameter of every GET endpoint, and a path parameter that is text. */
    private static final List<String[]> PARAMETERS = List.of(
            new String[] {"/api/experiments", "q"}, new String[] {"/api/experiments", "tag"},
            new String[] {"/api/experiments", "model"}, new String[] {"/api/experiments", "dataset"},
            new String[] {"/api/experiments", "archived"}, new String[] {"/api/experiments", "page"},
            new String[] {"/api/experiments", "size"}, new String[] {"/api/experiments/1", "version"},
            new String[] {"/api/sweeps", "q"}, new String[] {"/api/sweeps", "tag"}, new String[] {"/api/sweeps", "model"},
            new String[] {"/api/sweeps", "dataset"}, new String[] {"/api/sweeps", "state"},
            new String[] {"/api/sweeps", "experiment"}, new String[] {"/api/sweeps", "since"},
            new String[] {"/api/sweeps", "until"}, new String[] {"/api/sweeps", "sort"}, new String[] {"/api/sweeps", "page"},
            new String[] {"/api/sweeps", "size"}, new String[] {"/api/runs/1/examples", "sort"},
            new String[] {"/api/runs/1/examples", "page"}, new String[] {"/api/runs/1/examples", "size"},
            new String[] {"/api/compare", "runs"}, new String[] {"/api/compare", "sweeps"},
            new String[] {"/api/compare.csv", "runs"}, new String[] {"/api/models", "unknown"});

    @SuppressWarnings("unchecked")
    private static Map<String, Object> options(Map<String, Object> body) {
        return (Map<String, Object>) body.computeIfAbsent("options", k -> new HashMap<String, Object>());
    }

    static Stream<Arguments> jsonFields() {
        List<Arguments> cases = new ArrayList<>();
        FIELDS.keySet().forEach(f -> CONTROLS.forEach(c -> cases.add(Arguments.of(f, c))));
        return cases.stream();
    }

    static Stream<Arguments> queryParameters() {
        List<Arguments> cases = new ArrayList<>();
        for (String[] p : PARAMETERS) {
            for (String encoded : List.of("%00", "%07", "%1B", "%7F", "%C2%85")) {
                cases.add(Arguments.of(p[0], p[1], encoded));
            }
        }
        return cases.stream();
    }

    /** JSON with every non-ASCII character escaped, so that a lone surrogate travels as {@code \}{@code ud800}. */
    private static String escaped(Map<String, Object> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writer()
                    .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static long experiments() {
        return Api.json("/api/experiments?size=1").path("total").asLong();
    }

    private static void refused(Response response, String field, char c) {
        response.then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE)).body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(String.format("U+%04X", (int) c)));
        assertThat(response.asString()).doesNotContain(String.valueOf(c));
    }

    @ParameterizedTest(name = "{0} with U+{1}")
    @MethodSource("jsonFields")
    void aControlCharacterInAnyJsonStringIsAFieldError(String field, char c) {
        long before = experiments();
        Map<String, Object> body = new HashMap<>(Api.experiment("valid", List.of("demo-single"), Map.of()));
        body.put("options", new HashMap<String, Object>());
        FIELDS.get(field).accept(body, "ab" + c + "cd");
        refused(given().contentType(ContentType.JSON).body(escaped(body)).post("/api/experiments"), field, c);
        assertThat(experiments()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}?{1}=a{2}b")
    @MethodSource("queryParameters")
    void aControlCharacterInAnyQueryParameterIsAFieldError(String path, String parameter, String encoded) {
        char c = java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.UTF_8).charAt(0);
        refused(given().urlEncodingEnabled(false).get(path + "?" + parameter + "=a" + encoded + "b"), parameter, c);
    }

    @Test
    void aControlCharacterInAPathParameterIsAFieldError() {
        refused(given().urlEncodingEnabled(false).get("/api/models/demo%00single"), "name", '\u0000');
        refused(given().urlEncodingEnabled(false).get("/api/models/demo%1Bsingle"), "name", '\u001b');
    }

    @Test
    void aRawControlCharacterInJsonIsMalformedAndNotEchoed() {
        Response r = given().contentType(ContentType.JSON)
                .body("{\"name\": \"a\u0001b\", \"dataset\": \"demo-val\", \"models\": [\"demo-single\"]}").post("/api/experiments");
        r.then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE));
        assertThat(r.asString()).doesNotContain("\u0001");
    }

    @Test
    void anUnknownFieldNamedWithAControlCharacterIsNotEchoed() {
        Map<String, Object> body = new HashMap<>(Api.experiment("valid", List.of("demo-single"), Map.of()));
        body.put("na\u0000me", "x");
        Response r = given().contentType(ContentType.JSON).body(body).post("/api/experiments");
        r.then().statusCode(400).body("errors.field", hasItem("na\\u0000me"));
        assertThat(r.asString()).doesNotContain("\u0000");
    }

    @Test
    void notesMaySpanLinesButNameMayNot() {
        long id = Api.createExperiment(Api.experiment("multi-line notes", List.of("demo-single"),
                Map.of("notes", "first line\n\tsecond line\r\n")));
        assertThat(Api.json("/api/experiments/" + id).path("definition").path("notes").asText())
                .isEqualTo("first line\n\tsecond line\r\n");
        refused(given().contentType(ContentType.JSON).body(Api.experiment("two\nlines", List.of("demo-single"), Map.of()))
                .post("/api/experiments"), "name", '\n');
    }
}
