package org.xmodal.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.PostgresResource;
import org.xmodal.testing.TeamFixture;
import org.xmodal.testing.TeamProfile;

/** The audit log records who changed what, refused or not, and shows each project's part to its owners only. */
@QuarkusTest
@TestProfile(TeamProfile.class)
@WithTestResource(PostgresResource.class)
class AuditLogTest {
    @Inject
    TeamFixture team;

    @Test
    void changesRefusalsAndFailedLoginsAreRecordedAndShownToOwnersAndAdmins() {
        var gamma = team.project("gamma");
        User owner = team.user("gamma-owner", false);
        User viewer = team.user("gamma-viewer", false);
        team.member(gamma, owner, "owner");
        team.member(gamma, viewer, "viewer");
        String ownerToken = team.token(owner, "read", "write");
        String viewerToken = team.token(viewer, "read", "write");
        String adminToken = team.token(team.user("admin", true), "read", "write", "admin");

        as(ownerToken).body(Map.of("role", "editor")).put("/api/projects/" + gamma.id + "/members/gamma-viewer").then().statusCode(200);
        as(viewerToken).body(Map.of("description", "mine now")).put("/api/projects/" + gamma.id).then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("username", "gamma-owner", "password", "not it at all"))
                .post("/api/session").then().statusCode(401);

        JsonPath log = as(ownerToken).get("/api/audit?project=" + gamma.id).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> events = log.getList("items");
        assertThat(events).anySatisfy(e -> {
            assertThat(e).containsEntry("action", "member.set").containsEntry("actor", "gamma-owner").containsEntry("status", 200)
                    .containsEntry("project", "gamma").containsEntry("via", "token");
            assertThat((String) e.get("target")).contains("gamma-viewer").contains("editor");
        });
        assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("action", "project.update")
                .containsEntry("actor", "gamma-viewer").containsEntry("status", 403));
        // the viewer, now an editor, still may not read the log of the project
        as(viewerToken).get("/api/audit?project=" + gamma.id).then().statusCode(403);
        as(viewerToken).get("/api/audit").then().statusCode(400);

        List<Map<String, Object>> all = as(adminToken).get("/api/audit?size=500").then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(all).anySatisfy(e -> assertThat(e).containsEntry("action", "login.failed").containsEntry("actor", "gamma-owner")
                .containsEntry("status", 401));
    }

    private static io.restassured.specification.RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }
}
