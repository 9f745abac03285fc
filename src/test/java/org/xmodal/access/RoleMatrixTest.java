package org.xmodal.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.Demo;
import org.xmodal.testing.OpenApiOperations;
import org.xmodal.testing.PostgresResource;
import org.xmodal.testing.TeamFixture;
import org.xmodal.testing.TeamProfile;

/**
 * Every REST operation of the OpenAPI document, called as anonymous, a member of another project, viewer, editor,
 * owner and administrator, answers as its access rule says. An operation missing from {@link #EXPECTED} fails.
 */
@QuarkusTest
@TestProfile(TeamProfile.class)
@WithTestResource(PostgresResource.class)
class RoleMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROLES = List.of("anonymous", "outsider", "viewer", "editor", "owner", "admin");
    /**
     * Per operation, what each role in {@link #ROLES} gets: A allowed (2xx, or 409 when the state forbids it), 0 a
     * 400 field error (a project the caller cannot see, named in the body), 1 401, 3 403, 4 404.
     */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static Fixtures fx;

    static {
        EXPECTED.put("GET /api/audit", "1433AA");
        EXPECTED.put("GET /api/compare", "14AAAA");
        EXPECTED.put("GET /api/compare.{format}", "14AAAA");
        EXPECTED.put("GET /api/datasets", "1AAAAA");
        EXPECTED.put("POST /api/datasets", "103AAA");
        EXPECTED.put("GET /api/datasets/{id}", "14AAAA");
        EXPECTED.put("GET /api/datasets/{id}/attributes", "14AAAA");
        EXPECTED.put("POST /api/datasets/{id}/attributes", "143AAA");
        EXPECTED.put("GET /api/experiments", "1AAAAA");
        EXPECTED.put("POST /api/experiments", "103AAA");
        EXPECTED.put("GET /api/experiments/{id}", "14AAAA");
        EXPECTED.put("PUT /api/experiments/{id}", "143AAA");
        EXPECTED.put("POST /api/experiments/{id}/archive", "143AAA");
        EXPECTED.put("POST /api/experiments/{id}/sweeps", "143AAA");
        EXPECTED.put("POST /api/experiments/{id}/unarchive", "143AAA");
        EXPECTED.put("GET /api/models", "1AAAAA");
        EXPECTED.put("POST /api/models", "103AAA");
        EXPECTED.put("GET /api/models/{name}", "14AAAA");
        EXPECTED.put("GET /api/published", "1AAAAA");
        // published tables are node-wide reference data: anyone signed in reads them, administrators import them
        EXPECTED.put("POST /api/published", "13333A");
        EXPECTED.put("GET /api/published/{name}", "1AAAAA");
        EXPECTED.put("GET /api/projects", "1AAAAA");
        EXPECTED.put("POST /api/projects", "13333A");
        EXPECTED.put("GET /api/projects/{id}", "14AAAA");
        EXPECTED.put("PUT /api/projects/{id}", "1433AA");
        EXPECTED.put("GET /api/projects/{id}/members", "14AAAA");
        EXPECTED.put("PUT /api/projects/{id}/members/{username}", "1433AA");
        EXPECTED.put("DELETE /api/projects/{id}/members/{username}", "1433AA");
        // a registration's status is known by its random id only; an unknown one is 404 for everyone signed in
        EXPECTED.put("GET /api/registrations/{id}", "144444");
        EXPECTED.put("GET /api/reproduce", "14AAAA");
        EXPECTED.put("GET /api/runs/{id}/examples", "14AAAA");
        EXPECTED.put("GET /api/runs/{id}/results.{format}", "14AAAA");
        EXPECTED.put("GET /api/runs/{id}/summary", "14AAAA");
        EXPECTED.put("GET /api/runs/{id}/skipped", "14AAAA");
        EXPECTED.put("GET /api/session", "AAAAAA");
        EXPECTED.put("POST /api/session", "AAAAAA");
        EXPECTED.put("POST /api/session/logout", "AAAAAA");
        // single sign-on is not configured here: there is no provider's flow to start, for anyone
        EXPECTED.put("GET /api/session/oidc", "444444");
        EXPECTED.put("GET /api/status", "1AAAAA");
        EXPECTED.put("GET /api/sweeps", "1AAAAA");
        EXPECTED.put("GET /api/sweeps/{id}", "14AAAA");
        EXPECTED.put("POST /api/sweeps/{id}/cancel", "143AAA");
        EXPECTED.put("POST /api/sweeps/{id}/retry", "143AAA");
        EXPECTED.put("GET /api/sweeps/{id}/shards", "14AAAA");
        EXPECTED.put("GET /api/tokens", "1AAAAA");
        EXPECTED.put("POST /api/tokens", "1AAAAA");
        EXPECTED.put("POST /api/tokens/{id}/revoke", "14444A");
        EXPECTED.put("GET /api/users", "13333A");
        EXPECTED.put("POST /api/users", "13333A");
        EXPECTED.put("PUT /api/users/{id}", "13333A");
    }

    @Inject
    TeamFixture team;

    /** What the matrix acts on: project alpha's model, dataset, experiment, finished sweep and run; a spare user. */
    record Fixtures(Map<String, String> tokens, long alpha, long beta, long experiment, long sweep, long run, long dataset,
                    long spare, String adminToken) {
    }

    @BeforeEach
    void setUp() throws Exception {
        if (fx != null) {
            return;
        }
        User admin = team.user("admin", true);
        var alpha = team.project("alpha");
        var beta = team.project("beta");
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : List.of("viewer", "editor", "owner")) {
            User user = team.user(role, false);
            team.member(alpha, user, role);
            tokens.put(role, team.token(user, "read", "write"));
        }
        User outsider = team.user("outsider", false);
        team.member(beta, outsider, "owner");
        tokens.put("outsider", team.token(outsider, "read", "write"));
        tokens.put("admin", team.token(admin, "read", "write", "admin"));
        User spare = team.user("spare", false);

        Path dir = PostgresResource.testRoot().resolve("alpha-model");
        Files.createDirectories(dir);
        ObjectNode metadata = (ObjectNode) JSON.readTree(Demo.model("demo-single").toFile());
        metadata.put("name", "alpha-single");
        JSON.writeValue(dir.resolve("alpha-single.json").toFile(), metadata);
        Files.copy(Demo.models().resolve("demo-single.pt"), dir.resolve("alpha-single.pt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Demo.tokenizer(), dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        String owner = tokens.get("owner");
        as(owner).body(Map.of("path", "alpha-model/alpha-single.json", "project", "alpha")).post("/api/models").then().statusCode(201);
        long dataset = as(owner).body(Map.of("path", "corpus", "project", "alpha")).post("/api/datasets").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        long experiment = as(owner).body(experiment()).post("/api/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
        long sweep = as(owner).post("/api/experiments/" + experiment + "/sweeps").then().statusCode(202).extract().jsonPath().getLong("id");
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> List.of("succeeded", "failed").contains(
                as(owner).get("/api/sweeps/" + sweep).then().extract().jsonPath().getString("state")));
        long run = as(owner).get("/api/sweeps/" + sweep).then().extract().jsonPath().getLong("runs[0].id");
        fx = new Fixtures(tokens, alpha.id, beta.id, experiment, sweep, run, dataset, spare.id,
                team.token(admin, "read", "write", "admin"));
    }

    @Test
    void everyOperationAnswersEachRoleAsItsRuleSays() {
        TreeSet<String> documented = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (OpenApiOperations.Operation op : OpenApiOperations.documented()) {
            String operation = op.toString();
            documented.add(operation);
            String expected = EXPECTED.get(operation);
            assertThat(expected).as("no expected statuses for %s: add it to the role matrix", operation).isNotNull();
            assertThat(op.document().has("x-xmodal-access")).as("%s has no access rule in the OpenAPI document", operation).isTrue();
            assertThat(op.document().has("security")).as("%s declares no security requirement", operation).isTrue();
            for (int r = 0; r < ROLES.size(); r++) {
                int status = call(ROLES.get(r), op.method(), op.path());
                if (!matches(expected.charAt(r), status)) {
                    wrong.add(operation + " as " + ROLES.get(r) + ": expected " + expected.charAt(r) + ", got " + status);
                }
            }
        }
        assertThat(wrong).as("answers that break the role matrix").isEmpty();
        assertThat(documented).as("operations in the matrix but not in the OpenAPI document").containsAll(EXPECTED.keySet());
    }

    @Test
    void refusalsAreProblemDetails() {
        given().get("/api/session/oidc").then().statusCode(404).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("detail", org.hamcrest.Matchers.containsString("single sign-on is not configured"));
        for (String path : List.of("/api/sweeps", "/api/users")) {
            given().get(path).then().statusCode(401).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                    .body("status", org.hamcrest.Matchers.equalTo(401));
        }
        as(fx.tokens().get("viewer")).get("/api/users").then().statusCode(403)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
        as(fx.tokens().get("outsider")).get("/api/sweeps/" + fx.sweep()).then().statusCode(404)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
    }

    @Test
    void listsShowOnlyWhatTheCallerMayRead() {
        String outsider = fx.tokens().get("outsider");
        assertThat(as(outsider).get("/api/sweeps").then().statusCode(200).extract().jsonPath().<Integer>getList("items.id"))
                .doesNotContain((int) fx.sweep());
        assertThat(as(outsider).get("/api/models").then().statusCode(200).extract().jsonPath().<String>getList("name"))
                .doesNotContain("alpha-single");
        assertThat(as(outsider).get("/api/experiments").then().statusCode(200).extract().jsonPath().<Integer>getList("items.id"))
                .doesNotContain((int) fx.experiment());
        assertThat(as(outsider).get("/api/projects").then().statusCode(200).extract().jsonPath().<String>getList("name"))
                .containsExactly("beta");
        assertThat(as(fx.tokens().get("viewer")).get("/api/sweeps").then().statusCode(200).extract().jsonPath()
                .<Integer>getList("items.id")).contains((int) fx.sweep());
    }

    @Test
    void aReadOnlyTokenCannotChangeAnything() {
        String readOnly = team.token(team.user("editor", false), "read");
        as(readOnly).get("/api/sweeps/" + fx.sweep()).then().statusCode(200);
        problem(as(readOnly).post("/api/sweeps/" + fx.sweep() + "/cancel").then().statusCode(403).extract().asString(), "scope");
        as(readOnly).body(Map.of("name", "x", "scopes", List.of("read"))).post("/api/tokens").then().statusCode(403);
        String writer = team.token(team.user("viewer", false), "read", "write");
        as(writer).body(Map.of("name", "x", "scopes", List.of("admin"))).post("/api/tokens").then().statusCode(400);
    }

    @Test
    void revokedAndUnknownTokensAreRefused() {
        String token = team.token(team.user("viewer", false), "read");
        as(token).get("/api/projects").then().statusCode(200);
        as(token).post("/api/tokens/" + team.tokenId(token) + "/revoke").then().statusCode(403);
        as(fx.tokens().get("viewer")).post("/api/tokens/" + team.tokenId(token) + "/revoke").then().statusCode(200);
        problem(as(token).get("/api/projects").then().statusCode(401).extract().asString(), "revoked");
        problem(as("xmd_" + "A".repeat(43)).get("/api/projects").then().statusCode(401).extract().asString(), "not valid");
        given().header("Authorization", "Basic YWRtaW46eA==").get("/api/projects").then().statusCode(401);
    }

    private static void problem(String body, String mentions) {
        assertThat(body).contains("\"status\"").contains(mentions);
    }

    private static boolean matches(char expected, int status) {
        return switch (expected) {
            case 'A' -> status >= 200 && status < 300 || status == 409;
            case '0' -> status == 400;
            case '1' -> status == 401;
            case '3' -> status == 403;
            case '4' -> status == 404;
            default -> throw new IllegalArgumentException("unknown expectation " + expected);
        };
    }

    private int call(String role, String method, String template) {
        String path = fill(template);
        RequestSpecification request = role.equals("anonymous") ? given().contentType(ContentType.JSON) : as(fx.tokens().get(role));
        Object body = body(method + " " + template);
        if (body != null) {
            request.body(body);
        }
        if (method.equals("POST") && template.equals("/api/datasets/{id}/attributes")) {
            request.contentType("text/tab-separated-values").body("example\tsource\n0\tmatrix\n");
        }
        if (template.equals("/api/projects/{id}/members/{username}") && method.equals("DELETE")) {
            as(fx.tokens().get("admin")).body(Map.of("role", "viewer")).put(path).then().statusCode(200);
        }
        return request.request(method, path).then().extract().statusCode();
    }

    private static String fill(String template) {
        String id = template.startsWith("/api/experiments") ? "" + fx.experiment()
                : template.startsWith("/api/sweeps") ? "" + fx.sweep()
                : template.startsWith("/api/runs") ? "" + fx.run()
                : template.startsWith("/api/datasets") ? "" + fx.dataset()
                : template.startsWith("/api/projects") ? "" + fx.alpha()
                : template.startsWith("/api/users") ? "" + fx.spare()
                : template.startsWith("/api/tokens") ? "" + tokenIdOfAdmin()
                : template.startsWith("/api/registrations") ? "no-such-registration" : "";
        String path = template.replace("{id}", id)
                .replace("{name}", template.startsWith("/api/published") ? "frank2021" : "alpha-single").replace("{username}", "spare")
                .replace("{format}", "csv");
        return switch (template) {
            case "/api/audit" -> path + "?project=" + fx.alpha();
            case "/api/compare", "/api/compare.{format}", "/api/reproduce" -> path + "?sweeps=" + fx.sweep();
            default -> path;
        };
    }

    private static long tokenIdOfAdmin() {
        return io.quarkus.arc.Arc.container().instance(TeamFixture.class).get().tokenId(fx.adminToken());
    }

    private static Object body(String operation) {
        Map<String, Supplier<Object>> bodies = Map.of(
                "POST /api/datasets", () -> Map.of("path", "corpus", "project", "alpha"),
                "POST /api/models", () -> Map.of("path", "alpha-model/alpha-single.json", "project", "alpha"),
                "POST /api/experiments", RoleMatrixTest::experiment,
                "PUT /api/experiments/{id}", RoleMatrixTest::experiment,
                "POST /api/projects", () -> Map.of("name", "p" + UNIQUE.incrementAndGet()),
                "PUT /api/projects/{id}", () -> Map.of("description", "edited"),
                "PUT /api/projects/{id}/members/{username}", () -> Map.of("role", "viewer"),
                "POST /api/session", () -> Map.of("username", "spare", "password", TeamFixture.PASSWORD),
                "POST /api/tokens", () -> Map.of("name", "matrix", "scopes", List.of("read")),
                "POST /api/users", () -> Map.of("username", "u" + UNIQUE.incrementAndGet(), "password", TeamFixture.PASSWORD));
        Supplier<Object> body = bodies.get(operation);
        if (body == null && operation.equals("POST /api/published")) {
            // the same file under the same name each time: the first import answers 201, the others 200
            return Map.of("name", "matrix", "citation", "c", "tables", List.of(Map.of("file", "m.tsv", "content", "\tModel\tMask\tMLM\n0\tM\tNone\t1.5\n")));
        }
        return body != null ? body.get() : operation.equals("PUT /api/users/{id}") ? Map.of("displayName", "Spare") : null;
    }

    private static Map<String, Object> experiment() {
        Map<String, Object> definition = new LinkedHashMap<>(Api.experiment("matrix", List.of("alpha-single"),
                Map.of("subsetTo", 8, "shardSize", 8)));
        definition.put("project", "alpha");
        return definition;
    }

    private static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }
}
