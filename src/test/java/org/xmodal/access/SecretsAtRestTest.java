package org.xmodal.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.PostgresResource;
import org.xmodal.testing.TeamProfile;

/**
 * Passwords, API tokens, session cookies and CSRF tokens created through the API are nowhere in a dump of the
 * database: only their hashes are stored.
 */
@QuarkusTest
@TestProfile(TeamProfile.class)
@WithTestResource(PostgresResource.class)
class SecretsAtRestTest {
    @Test
    void noSecretCreatedThroughTheApiAppearsInTheDatabaseDump() throws Exception {
        List<String> secrets = new ArrayList<>();
        String adminPassword = "admin password that is long " + System.nanoTime();
        String userPassword = "user password that is long " + System.nanoTime();
        secrets.add(adminPassword);
        secrets.add(userPassword);
        String bootstrap = io.quarkus.arc.Arc.container().instance(org.xmodal.testing.TeamFixture.class).get()
                .token(io.quarkus.arc.Arc.container().instance(org.xmodal.testing.TeamFixture.class).get().user("root-admin", true),
                        "read", "write", "admin");
        secrets.add(bootstrap);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + bootstrap)
                .body(Map.of("username", "dumped-admin", "password", adminPassword, "admin", true)).post("/api/users").then().statusCode(201);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + bootstrap)
                .body(Map.of("username", "dumped-user", "password", "first password, replaced")).post("/api/users").then().statusCode(201);
        long userId = given().header("Authorization", "Bearer " + bootstrap).get("/api/users").then().extract().jsonPath()
                .getLong("find { it.username == 'dumped-user' }.id");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + bootstrap)
                .body(Map.of("password", userPassword)).put("/api/users/" + userId).then().statusCode(200);
        secrets.add("first password, replaced");

        for (String[] login : List.of(new String[] {"dumped-admin", adminPassword}, new String[] {"dumped-user", userPassword})) {
            Response session = given().contentType(ContentType.JSON).body(Map.of("username", login[0], "password", login[1]))
                    .post("/api/session");
            session.then().statusCode(200);
            String cookie = session.getCookie(AccessFilter.SESSION_COOKIE);
            String csrf = session.jsonPath().getString("csrfToken");
            secrets.add(cookie);
            secrets.add(csrf);
            String token = given().contentType(ContentType.JSON).cookie(AccessFilter.SESSION_COOKIE, cookie)
                    .header(AccessFilter.CSRF_HEADER, csrf).body(Map.of("name", "dump test", "scopes", List.of("read")))
                    .post("/api/tokens").then().statusCode(201).extract().jsonPath().getString("token");
            secrets.add(token);
            given().header("Authorization", "Bearer " + token).get("/api/session").then().statusCode(200);
        }

        String dump = PostgresResource.dump();
        assertThat(dump).as("the dump holds the users").contains("dumped-admin").contains("dumped-user").contains("$argon2id$");
        for (String secret : secrets) {
            assertThat(dump).as("a secret in plain text").doesNotContain(secret);
            assertThat(dump).as("a secret's tail in plain text").doesNotContain(secret.substring(secret.length() - 16));
        }
        assertThat(dump).as("a stored token hash is SHA-256 of the token").contains(Secrets.hash(secrets.get(secrets.size() - 1)));
    }
}
