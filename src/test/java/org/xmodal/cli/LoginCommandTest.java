package org.xmodal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.testing.PostgresResource;
import org.xmodal.testing.TeamFixture;
import org.xmodal.testing.TeamProfile;

/** {@code xmodal login} against a team server: a token stored in a 0600 file, used by the other commands, revoked by logout. */
@QuarkusTest
@TestProfile(TeamProfile.class)
@WithTestResource(PostgresResource.class)
class LoginCommandTest {
    @TestHTTPResource("/")
    URL server;

    @TempDir
    Path dir;

    @Inject
    TeamFixture team;

    @AfterEach
    void restore() {
        System.clearProperty("xmodal.credentials");
    }

    private Cli.Outcome xmodal(String input, String... args) {
        String[] withServer = java.util.Arrays.copyOf(args, args.length + 2);
        withServer[args.length] = "--server";
        withServer[args.length + 1] = server.toString();
        return Cli.run(input, withServer);
    }

    @Test
    void loginStoresATokenThatTheOtherCommandsUseAndLogoutRevokesIt() throws Exception {
        Path file = dir.resolve("credentials.json");
        System.setProperty("xmodal.credentials", file.toString());
        team.user("cli-user", false);

        Cli.Outcome refused = xmodal("", "status");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("xmodal login");

        Cli.Outcome wrong = xmodal("not the password\n", "login", "--user", "cli-user", "--password-stdin");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("wrong user name or password");
        assertThat(file).doesNotExist();

        Cli.Outcome login = xmodal(TeamFixture.PASSWORD + "\n", "login", "--user", "cli-user", "--password-stdin");
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(login.out()).contains("signed in").contains("cli-user");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String stored = Files.readString(file);
        assertThat(stored).contains("xmd_").doesNotContain(TeamFixture.PASSWORD);

        Cli.Outcome status = xmodal("", "status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("queued shards");

        Cli.Outcome logout = xmodal("", "logout");
        assertThat(logout.exit()).as(logout.err()).isZero();
        assertThat(Files.readString(file)).doesNotContain("xmd_");
        // the revoked token no longer works even where it was copied
        String token = stored.replaceAll("(?s).*\"token\"\\s*:\\s*\"(xmd_[^\"]+)\".*", "$1");
        assertThat(new ApiClientProbe(server.toString(), token).status()).isEqualTo(401);
    }

    /** A bare request with a token, to see the server's answer. */
    private record ApiClientProbe(String server, String token) {
        int status() throws Exception {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server + "api/status"))
                    .header("Authorization", "Bearer " + token).build();
            return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
