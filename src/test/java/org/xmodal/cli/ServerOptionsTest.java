package org.xmodal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How the listening options become Quarkus settings, and which combinations a node refuses before starting. */
class ServerOptionsTest {

    @Test
    void listensOnLoopbackByDefault() {
        ServerOptions options = parse();
        assertThat(options.refusal()).isEmpty();
        assertThat(options.listening()).containsEntry("quarkus.http.host", "127.0.0.1").containsEntry("quarkus.http.port", "8080")
                .doesNotContainKeys("xmodal.access.team", "quarkus.http.ssl.certificate.files");
    }

    @Test
    void aNetworkAddressNeedsTeamMode() {
        assertThat(parse("--host", "0.0.0.0").refusal()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("xmodal: refusing to listen on 0.0.0.0 without authentication").doesNotContain("\n"));
        ServerOptions team = parse("--host", "0.0.0.0", "--team");
        assertThat(team.refusal()).isEmpty();
        assertThat(team.listening()).containsEntry("quarkus.http.host", "0.0.0.0").containsEntry("xmodal.access.team", "true");
    }

    @Test
    void aCertificateAndKeyServeHttpsOnThePortAndTurnPlainHttpOff() {
        ServerOptions options = parse("--tls-cert", "/etc/x/cert.pem", "--tls-key", "/etc/x/key,1.pem", "--port", "9443");
        assertThat(options.refusal()).isEmpty();
        assertThat(options.listening()).containsEntry("quarkus.http.ssl.certificate.files", Path.of("/etc/x/cert.pem").toString())
                .containsEntry("quarkus.http.ssl.certificate.key-files", "/etc/x/key\\,1.pem")
                .containsEntry("quarkus.http.ssl-port", "9443").containsEntry("quarkus.http.insecure-requests", "disabled");
        assertThat(parse("--tls-cert", "/etc/x/cert.pem").refusal()).hasValue("xmodal: --tls-cert and --tls-key go together");
    }

    private static ServerOptions parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.server;
    }
}
