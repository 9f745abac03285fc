package org.xmodal.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmodal.access.Project;
import org.xmodal.access.User;
import org.xmodal.testing.Api;
import org.xmodal.testing.PostgresResource;
import org.xmodal.testing.TeamFixture;

/**
 * While the database is read-only, a team server answers writes 503 with Retry-After and reads 200; while it is
 * unreachable, every API call 503 (also when the failure happens while authenticating the caller); readiness is
 * down and liveness up; afterwards all is as before. The outages are made on the test database itself, through the superuser, and always undone.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.Outages.class)
@WithTestResource(PostgresResource.class)
class DatabaseOutageTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);
    @Inject
    TeamFixture team;
    private Project project;
    private String usedToken;
    private String unusedToken;

    /** A team server of its own, so that no other test class shares its connection pool after the outages. */
    public static class Outages implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xmodal.access.team", "true");
        }
    }

    @BeforeEach
    void ownerWithTokens() {
        project = team.project("outage");
        User owner = team.user("outage-owner", false);
        team.member(project, owner, "owner");
        usedToken = team.token(owner, "read", "write");
        unusedToken = team.token(owner, "read", "write");
        as(usedToken).get("/api/projects/" + project.id).then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @AfterEach
    void databaseAsBefore() throws SQLException {
        superuser("ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()",
                "ALTER ROLE \"" + PostgresResource.credentials().user() + "\" CONNECTION LIMIT -1");
        await().atMost(WITHIN).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void aReadOnlyDatabaseAnswersWrites503AndReadinessIsDownUntilItTakesWritesAgain() throws SQLException {
        double reconnects = metric("xmodal_database_reconnects_total");
        superuser("ALTER SYSTEM SET default_transaction_read_only = on", "SELECT pg_reload_conf()");

        awaitReadinessDown("read-only");
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        assertUnavailable(as(usedToken).body(Map.of("description", "written while read-only")).put("/api/projects/" + project.id),
                "the database is read-only (");
        // reads keep working: a token's last use is recorded only when the database takes it
        as(unusedToken).get("/api/projects/" + project.id).then().statusCode(200);
        assertThat(metric("xmodal_database_up")).isZero();

        superuser("ALTER SYSTEM RESET default_transaction_read_only", "SELECT pg_reload_conf()");
        await().atMost(WITHIN).until(() -> given().get("/q/health/ready").statusCode() == 200);
        as(usedToken).body(Map.of("description", "written afterwards")).put("/api/projects/" + project.id).then().statusCode(200)
                .body("description", equalTo("written afterwards"));
        as(unusedToken).get("/api/projects/" + project.id).then().statusCode(200);
        assertThat(metric("xmodal_database_up")).isEqualTo(1);
        assertThat(metric("xmodal_database_reconnects_total")).isGreaterThanOrEqualTo(reconnects + 1);
    }

    @Test
    void anUnreachableDatabaseAnswersEveryCall503AndTheNodeStaysAlive() throws SQLException {
        String app = PostgresResource.credentials().user();
        // the application's role may not connect, and its connections (pool, Quartz, probe) are cut
        superuser("ALTER ROLE \"" + app + "\" CONNECTION LIMIT 0",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + app + "'");

        awaitReadinessDown("unreachable");
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // the caller is authenticated by token, which the access filter reads from the database
        assertUnavailable(as(usedToken).get("/api/projects/" + project.id), "the database is unavailable (");
        assertUnavailable(as(usedToken).body(Map.of("description", "written while unreachable")).put("/api/projects/" + project.id),
                "the database is unavailable (");

        superuser("ALTER ROLE \"" + app + "\" CONNECTION LIMIT -1");
        await().atMost(WITHIN).until(() -> given().get("/q/health/ready").statusCode() == 200);
        await().atMost(WITHIN).until(() -> as(usedToken).get("/api/projects/" + project.id).statusCode() == 200);
    }

    /** Quarkus's own pool check may go down first; xmodal's check of writes must follow, naming what it found. */
    private static void awaitReadinessDown(String database) {
        await().atMost(WITHIN).until(() -> database.equals(
                given().get("/q/health/ready").jsonPath().getString("checks.find { it.name == 'database writes' }.data.database")));
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'database writes' }.status", equalTo("DOWN"));
    }

    private static void assertUnavailable(Response response, String detail) {
        response.then().statusCode(503).contentType(Problem.MEDIA_TYPE).header("Retry-After", "5")
                .body("type", equalTo(ErrorCode.UNAVAILABLE.type()))
                .body("detail", startsWith(detail));
    }

    private static double metric(String name) {
        return Api.metric(given().get("/q/metrics").then().statusCode(200).extract().asString(), name);
    }

    /** Runs statements as the superuser, in a session that stays writable whatever the server's default. */
    private static void superuser(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresResource.superuserJdbcUrl()); Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
