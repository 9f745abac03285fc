package org.xmodal.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xmodal.testing.PostgresResource;

/** Every kind of answer the node gives carries the Content-Security-Policy and the other security headers. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SecurityHeadersTest {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    static final String SWAGGER_UI_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "GET, /, 200",
            "GET, /app.js, 200",
            "GET, /_static/echarts/5.6.0/dist/echarts.min.js, 200",
            "GET, /api/models, 200",
            "GET, /api/runs/987654/summary, 404",
            "GET, /api/compare.csv, 400",
            "POST, /api/experiments, 400",
            "GET, /no/such/page, 404",
            "GET, /q/health, 200",
            "GET, /q/openapi, 200",
            "GET, /q/swagger-ui/, 200",
    })
    void everyAnswerCarriesTheSecurityHeaders(String method, String path, int status) {
        Response response = given().contentType("application/json").body(method.equals("POST") ? "{}" : "")
                .request(method, path).then().statusCode(status).extract().response();
        assertThat(response.headers().getValues("Content-Security-Policy")).as(path)
                .containsExactly(path.startsWith("/q/swagger-ui") ? SWAGGER_UI_CSP : CSP);
        assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
    }
}
