package org.xmodal.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xmodal.data.Dataset;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.testing.PostgresResource;

/**
 * Every registration in {@code hostile-registrations.json} is refused over REST within 5 s with a 400 naming the
 * field at fault, quotes no file content and registers nothing.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HostileRegistrationTest {
    private static final int TIMEOUT_MS = 5_000;
    /** A hang fails the request instead of hanging the build. */
    private static final RestAssuredConfig FIVE_SECONDS = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", TIMEOUT_MS).setParam("http.socket.timeout", TIMEOUT_MS));
    private static final List<String> SECRETS = List.of("root:", "nologin", "/bin/sh", "daemon:");

    @Inject
    RegistryService registry;
    @Inject
    XmodalConfig config;

    static Path base() {
        return PostgresResource.testRoot().resolve("hostile");
    }

    @BeforeAll
    @AfterAll
    static void clean() throws IOException {
        HostileCase.deleteTree(base());
    }

    static Stream<HostileCase> corpus() throws IOException {
        try (InputStream in = HostileRegistrationTest.class.getResourceAsStream("/hostile-registrations.json")) {
            return new ObjectMapper().readValue(in, new TypeReference<List<HostileCase>>() { }).stream();
        }
    }

    @Test
    void theCorpusIsLargeAndItsUnspoiltFilesPassTheGate() throws IOException {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(100);
        assertThat(corpus().map(HostileCase::folderName).distinct().count()).isEqualTo(corpus().count());
        ConfinedFiles gate = new ConfinedFiles(registry.guard(), FileLimits.of(config.registry()));
        try (Dataset d = Dataset.open(HostileFiles.dataset(base().resolve("pristine/ds")), gate)) {
            assertThat(d.entries()).isNotEmpty();
        }
        Path model = HostileFiles.model(base().resolve("pristine/m"));
        assertThat(ModelFiles.find(PostgresResource.testRoot().relativize(model).toString(), gate).torchScript())
                .hasFileName("hostile-pristine.pt");
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("corpus")
    void isRefusedQuicklyWithAFieldErrorAndNoFileContent(HostileCase hostile) throws IOException {
        String models = given().get("/api/models").asString();
        String datasets = given().get("/api/datasets").asString();
        Path dir = Files.createDirectories(base().resolve(hostile.folderName()));
        String path = hostile.materialise(dir, PostgresResource.testRoot());

        String body = given().config(FIVE_SECONDS).contentType(ContentType.JSON).body(Map.of("path", path))
                .post("/api/" + hostile.endpoint())
                .then().time(lessThan((long) TIMEOUT_MS)).statusCode(400).contentType("application/problem+json")
                .extract().asString();

        JsonPath problem = JsonPath.from(body);
        assertThat(problem.getList("errors.field")).as(body).containsExactly(hostile.field());
        assertNoFileContent(body);
        assertThat(given().get("/api/models").asString()).isEqualTo(models);
        assertThat(given().get("/api/datasets").asString()).isEqualTo(datasets);
    }

    private static void assertNoFileContent(String body) {
        assertThat(body).doesNotContain(SECRETS);
        for (String name : List.of("PATH", "HOME", "JAVA_HOME", "MAVEN_OPTS", "HOSTNAME")) {
            String value = System.getenv(name);
            if (value != null && value.length() >= 6 && !PostgresResource.testRoot().toString().startsWith(value)) {
                assertThat(body).as(name).doesNotContain(value);
            }
        }
    }
}
