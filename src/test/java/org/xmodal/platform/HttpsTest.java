package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.PostgresResource;
import org.xmodal.testing.SelfSignedCertificate;

/**
 * HTTPS with the keys that {@code --tls-cert}/{@code --tls-key} set (PEM certificate and key): the node answers with
 * that certificate, and plain HTTP is redirected to HTTPS ({@code quarkus.http.insecure-requests=redirect}).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(HttpsTest.Tls.class)
class HttpsTest {
    private static SelfSignedCertificate certificate;

    @jakarta.inject.Inject
    org.xmodal.testing.TeamFixture team;

    @TestHTTPResource(value = "/q/health/ready", tls = true)
    URL https;

    @TestHTTPResource("/q/health/ready")
    URL http;

    @Test
    void answersWithTheConfiguredCertificate() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(certificate.trustingOnlyThis()).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(https.toURI()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(https.getProtocol()).isEqualTo("https");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession()).hasValueSatisfying(session -> {
            try {
                assertThat(session.getPeerCertificates()[0]).isEqualTo(certificate.certificate());
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void redirectsPlainHttpToHttps() throws Exception {
        // HTTP/1.1: Quarkus's redirect needs a Host header, which an h2c upgrade (the JDK client's default) turns into :authority
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(http.toURI()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(URI.create(response.headers().firstValue("Location").orElseThrow()))
                .hasScheme("https").hasPort(https.getPort()).hasPath("/q/health/ready");
    }

    @Test
    void aSessionCookieOverHttpsIsSecure() throws Exception {
        team.user("tls-user", false);
        HttpClient client = HttpClient.newBuilder().sslContext(certificate.trustingOnlyThis()).build();
        HttpRequest login = HttpRequest.newBuilder(https.toURI().resolve("/api/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"tls-user\", \"password\": \""
                        + org.xmodal.testing.TeamFixture.PASSWORD + "\"}")).build();
        HttpResponse<String> response = client.send(login, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("xmodal_session=").containsPattern("(?i);\\s*Secure(;|$)").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
    }

    /** A fresh self-signed certificate, served on a free HTTPS port, on a team server (so that sign-in is tried over TLS). */
    public static class Tls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                certificate = SelfSignedCertificate.generate(Files.createTempDirectory("xmodal-tls"));
                port = socket.getLocalPort();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.http.ssl.certificate.files", certificate.certificateFile().toString(),
                    "quarkus.http.ssl.certificate.key-files", certificate.keyFile().toString(),
                    // a fixed port: with 0, Quarkus's redirect names port -2 instead of the one it picked
                    "quarkus.http.test-ssl-port", Integer.toString(port),
                    "quarkus.http.insecure-requests", "redirect",
                    "xmodal.access.team", "true");
        }
    }
}
