package org.xmodal.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Small REST helpers for the platform tests: create an experiment, start a sweep, wait for it to end. */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Api() {
    }

    public static long createExperiment(Map<String, Object> definition) {
        return given().contentType(ContentType.JSON).body(definition)
                .post("/api/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static long submit(long experimentId) {
        return given().contentType(ContentType.JSON).post("/api/experiments/" + experimentId + "/sweeps").then().statusCode(202)
                .extract().jsonPath().getLong("id");
    }

    public static JsonPath sweep(long sweepId) {
        return given().get("/api/sweeps/" + sweepId).then().statusCode(200).extract().jsonPath();
    }

    /** Polls the sweep until it reaches a final state; returns its last status. */
    public static JsonPath awaitEnd(long sweepId, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> terminal(sweep(sweepId).getString("state")));
        return sweep(sweepId);
    }

    /** Whether a sweep, run or shard in {@code state} has ended. */
    public static boolean terminal(String state) {
        return List.of("succeeded", "failed", "cancelled").contains(state);
    }

    /** A GET answered 200, read with Jackson (doubles stay doubles). */
    public static JsonNode json(String path) {
        try {
            return JSON.readTree(given().get(path).then().statusCode(200).extract().asString());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + path, e);
        }
    }

    /** The value of the unlabelled sample {@code name} on a Prometheus text page (such as {@code /q/metrics}). */
    public static double metric(String page, String name) {
        return page.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in /q/metrics"));
    }

    public static Map<String, Object> experiment(String name, List<String> models, Map<String, Object> options) {
        return Map.of("name", name, "dataset", "demo-val", "models", models, "options", options);
    }
}
