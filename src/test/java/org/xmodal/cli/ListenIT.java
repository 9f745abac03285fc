package org.xmodal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.testing.Demo;
import org.xmodal.testing.NodeProcess;

/** The packaged node listens on loopback unless told otherwise, and refuses the network without --team before starting anything. */
class ListenIT {
    private static final Path JAR = Path.of(System.getProperty("xmodal.app.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final String REFUSAL = "xmodal: refusing to listen on 0.0.0.0 without authentication: add --team to run a team "
            + "server (users, projects, tokens), or listen on 127.0.0.1";

    @Test
    void refusesANetworkAddressWithoutTeamModeBeforeStartingAnything(@TempDir Path home) throws Exception {
        assertRefused(home, Map.of(), "serve", "--host", "0.0.0.0", "--home", home.toString());
        assertRefused(home, Map.of("XMODAL_HOST", "0.0.0.0"), "demo", "--home", home.toString());
    }

    @Test
    void aNodeStartedAsTheReadmeSaysListensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> network = networkAddress();
        Assumptions.assumeTrue(network.isPresent(), "this machine has no non-loopback IPv4 address to try");
        Path logs = Demo.root().resolve("target/listen-it");
        try (NodeProcess node = NodeProcess.startEmbedded(JAR, logs, "loopback")) {
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port()), 5000);
                assertThat(loopback.isConnected()).isTrue();
            }
            assertThatThrownBy(() -> {
                try (Socket exposed = new Socket()) {
                    exposed.connect(new InetSocketAddress(network.get(), node.port()), 5000);
                }
            }).as("port %d on %s", node.port(), network.get()).isInstanceOf(ConnectException.class);
            assertThat(Files.readString(logs.resolve("loopback.log")))
                    .contains("xmodal is serving at http://localhost:" + node.port() + "/");
        }
    }

    private static void assertRefused(Path home, Map<String, String> environment, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString()).directory(Demo.root().toFile());
        builder.command().addAll(List.of(args));
        builder.environment().keySet().removeIf(key -> key.startsWith("XMODAL_"));
        builder.environment().putAll(environment);
        Path err = Files.createTempFile(home, "stderr", ".txt");
        Process process = builder.redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits within 30 s").isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readAllLines(err)).containsExactly(REFUSAL);
        assertThat(out).isEmpty();
        assertThat(home.resolve("postgres")).doesNotExist();
    }

    private static Optional<InetAddress> networkAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(ListenIT::up).flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
    }

    private static boolean up(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (IOException e) {
            return false;
        }
    }
}
