package org.xmodal.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.PostgresResource;

/**
 * Single sign-on against an OpenID Connect provider that runs in the test JVM (WireMock with Quarkus's OIDC stubs):
 * the authorization-code flow ends in an xmodal session for the provider's user.
 */
@QuarkusTest
@TestProfile(SingleSignOnTest.WithProvider.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class SingleSignOnTest {
    /** A team server with the test provider as its single sign-on. */
    public static class WithProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xmodal.access.team", "true", "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.client-id", "quarkus-web-app", "quarkus.oidc.credentials.secret", "secret",
                    "quarkus.oidc.authentication.pkce-required", "false",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus");
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void theCodeFlowEndsInAnXmodalSessionForTheProvidersUser() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.ALWAYS).build();
        URI start = root.toURI().resolve("api/session/oidc");
        HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(start).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.uri().getPath()).as("xmodal sends the browser to the provider").isEqualTo("/auth/realms/quarkus");
        // the user fills in the provider's form (a GET form: user name, password and the hidden state and redirect_uri)
        String form = "username=alice&password=alice&state=" + hidden(loginPage.body(), "state")
                + "&redirect_uri=" + java.net.URLEncoder.encode(hidden(loginPage.body(), "redirect_uri"), java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> landed = browser.send(HttpRequest.newBuilder(loginPage.uri().resolve("/login?" + form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
        assertThat(landed.uri().getPath()).as(landed.uri() + " " + landed.body()).isEqualTo("/");
        HttpCookie session = cookies.getCookieStore().get(root.toURI()).stream()
                .filter(c -> c.getName().equals(AccessFilter.SESSION_COOKIE)).findFirst().orElseThrow();
        assertThat(session.isHttpOnly()).isTrue();

        HttpResponse<String> me = browser.send(HttpRequest.newBuilder(root.toURI().resolve("api/session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.body()).contains("\"signedIn\":true").contains("\"username\":\"alice\"").contains("\"via\":\"session\"");
        // a user who signed in through the provider has no project yet: nothing to read until an owner adds them
        HttpResponse<String> sweeps = browser.send(HttpRequest.newBuilder(root.toURI().resolve("api/sweeps")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sweeps.statusCode()).isEqualTo(200);
        assertThat(sweeps.body()).contains("\"total\":0");
    }

    private static String hidden(String html, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("the provider's form has " + name).isTrue();
        return m.group(1);
    }
}
