package org.xmodal.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.OpenApiOperations;
import org.xmodal.testing.PostgresResource;
import org.xmodal.testing.TeamFixture;
import org.xmodal.testing.TeamProfile;

/**
 * A signed-in browser visiting another site: that site's forms and simple requests reach the node with the session
 * cookie. Every state-changing operation refuses them, and nothing in the database changes.
 */
@QuarkusTest
@TestProfile(TeamProfile.class)
@WithTestResource(PostgresResource.class)
class CsrfTest {
    @Inject
    TeamFixture team;

    @Inject
    EntityManager em;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    @Test
    void forgedRequestsToEveryStateChangingOperationAreRefusedAndChangeNothing() throws Exception {
        Session session = signIn();
        long sweep = aSweep(session);
        String before = fingerprint();
        List<String> accepted = new ArrayList<>();
        for (OpenApiOperations.Operation operation : stateChanging()) {
            String path = operation.path().replace("{id}", "" + sweep).replace("{username}", "spare").replace("{name}", "x");
            // what another site can send without a CORS preflight: a form (urlencoded or multipart) or text/plain
            for (String type : List.of("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x")) {
                int status = forged(operation.method(), path, type, session.cookie, type.startsWith("multipart") ? "--x--" : "{\"path\":\"corpus\"}");
                if (status < 400) {
                    accepted.add(operation.method() + " " + path + " as " + type + ": " + status);
                }
            }
            // JSON with the cookie but without the session's CSRF token (a page that somehow got a preflight through)
            Response r = given().cookie(AccessFilter.SESSION_COOKIE, session.cookie).contentType(ContentType.JSON).body("{}")
                    .request(operation.method(), path);
            if (r.statusCode() != 403) {
                accepted.add(operation.method() + " " + path + " without CSRF token: " + r.statusCode());
            }
            // the browser says the request came from another site
            r = given().cookie(AccessFilter.SESSION_COOKIE, session.cookie).header(AccessFilter.CSRF_HEADER, session.csrf)
                    .header("Sec-Fetch-Site", "cross-site").contentType(ContentType.JSON).body("{}").request(operation.method(), path);
            if (r.statusCode() != 403) {
                accepted.add(operation.method() + " " + path + " marked cross-site: " + r.statusCode());
            }
        }
        assertThat(accepted).as("forged requests that were not refused").isEmpty();
        assertThat(fingerprint()).as("the database after the forged requests").isEqualTo(before);

        given().cookie(AccessFilter.SESSION_COOKIE, session.cookie).header(AccessFilter.CSRF_HEADER, session.csrf)
                .contentType(ContentType.JSON).body(Map.of("name", "genuine")).post("/api/tokens").then().statusCode(201);
        assertThat(fingerprint()).as("a genuine request does change it").isNotEqualTo(before);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrictAndLogoutEndsIt() {
        team.member(team.project("alpha"), team.user("editor", false), "editor");
        Response login = given().contentType(ContentType.JSON).body(Map.of("username", "editor", "password", TeamFixture.PASSWORD))
                .post("/api/session");
        login.then().statusCode(200);
        String header = login.getHeader("Set-Cookie");
        assertThat(header).contains(AccessFilter.SESSION_COOKIE + "=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
        String cookie = login.getCookie(AccessFilter.SESSION_COOKIE);
        String csrf = login.jsonPath().getString("csrfToken");
        given().cookie(AccessFilter.SESSION_COOKIE, cookie).get("/api/session").then().statusCode(200)
                .body("username", org.hamcrest.Matchers.equalTo("editor")).body("csrfToken", org.hamcrest.Matchers.equalTo(csrf));
        given().cookie(AccessFilter.SESSION_COOKIE, cookie).header(AccessFilter.CSRF_HEADER, csrf).contentType(ContentType.JSON)
                .post("/api/session/logout").then().statusCode(204);
        given().cookie(AccessFilter.SESSION_COOKIE, cookie).get("/api/projects").then().statusCode(401);
    }

    @Test
    void failedLoginsAreThrottledPerAccountAndRecorded() {
        team.user("throttled", false);
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(Map.of("username", "throttled", "password", "wrong password " + i))
                    .post("/api/session").then().statusCode(401);
        }
        // the right password no longer helps until the window has passed
        given().contentType(ContentType.JSON).body(Map.of("username", "throttled", "password", TeamFixture.PASSWORD))
                .post("/api/session").then().statusCode(429).contentType("application/problem+json");
        assertThat(failedLogins("throttled")).isEqualTo(6);
        given().contentType(ContentType.JSON).body(Map.of("username", "nobody-here", "password", "whatever it is"))
                .post("/api/session").then().statusCode(401).body("detail", org.hamcrest.Matchers.equalTo("wrong user name or password"));
    }

    @Transactional
    long failedLogins(String name) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM audit_event WHERE action = 'login.failed' AND actor = ?1")
                .setParameter(1, name).getSingleResult()).longValue();
    }

    /** Every table's rows that a state change could touch, as text (the audit log aside: refusals are recorded). */
    @Transactional
    String fingerprint() {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("app_user", "project", "project_member", "api_token", "web_session", "model", "dataset",
                "experiment", "experiment_version", "sweep", "run", "shard")) {
            List<?> rows = em.createNativeQuery("SELECT CAST(row_to_json(t) AS TEXT) FROM " + table + " t ORDER BY 1").getResultList();
            all.append(table).append(rows.stream().map(String::valueOf)
                    // sessions slide and tokens record their last use: not a change the forged request made
                    .map(s -> s.replaceAll("\"(last_seen_at|last_used_at)\":\"[^\"]*\"", "")).toList()).append('\n');
        }
        return all.toString();
    }

    private record Session(String cookie, String csrf) {
    }

    private Session signIn() {
        var alpha = team.project("alpha");
        team.member(alpha, team.user("owner", false), "owner");
        team.user("spare", false);
        Response login = given().contentType(ContentType.JSON).body(Map.of("username", "owner", "password", TeamFixture.PASSWORD))
                .post("/api/session");
        login.then().statusCode(200);
        return new Session(login.getCookie(AccessFilter.SESSION_COOKIE), login.jsonPath().getString("csrfToken"));
    }

    /** A finished sweep of the demo in the default project, which the owner is made owner of. */
    private long aSweep(Session session) {
        team.member(team.project("default"), team.user("owner", false), "owner");
        var spec = given().cookie(AccessFilter.SESSION_COOKIE, session.cookie).header(AccessFilter.CSRF_HEADER, session.csrf)
                .contentType(ContentType.JSON);
        Map<String, Object> definition = new java.util.LinkedHashMap<>(Api.experiment("csrf", List.of("demo-text"),
                Map.of("subsetTo", 4, "shardSize", 4)));
        definition.put("project", "default");
        long experiment = spec.body(definition).post("/api/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
        long sweep = given().cookie(AccessFilter.SESSION_COOKIE, session.cookie).header(AccessFilter.CSRF_HEADER, session.csrf)
                .contentType(ContentType.JSON).post("/api/experiments/" + experiment + "/sweeps").then().statusCode(202)
                .extract().jsonPath().getLong("id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() -> List.of("succeeded", "failed").contains(
                given().cookie(AccessFilter.SESSION_COOKIE, session.cookie).get("/api/sweeps/" + sweep).then().extract().jsonPath()
                        .getString("state")));
        return sweep;
    }

    /** A request as another site's form would send it: the browser adds the cookie, the site chooses type and body. */
    private int forged(String method, String path, String type, String cookie, String body) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(root.toURI().resolve(path.substring(1)))
                .header("Content-Type", type).header("Cookie", AccessFilter.SESSION_COOKIE + "=" + cookie)
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<OpenApiOperations.Operation> stateChanging() {
        List<OpenApiOperations.Operation> operations = OpenApiOperations.documented().stream()
                .filter(op -> !op.method().equals("GET")).toList();
        assertThat(operations).hasSizeGreaterThan(15);
        return operations;
    }
}
