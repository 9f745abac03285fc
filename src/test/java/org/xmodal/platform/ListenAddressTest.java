package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which addresses expose a node to the network, and what a node says when it refuses one. */
class ListenAddressTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "127.8.9.10, true", "::1, true", "[::1], true", "localhost, true", "LOCALHOST, true",
            "0.0.0.0, false", "::, false", "[::], false", "192.168.1.20, false", "10.0.0.1, false", "fe80::1, false",
            "example.org, false", "localhost.example.org, false", "128.0.0.1, false"})
    void loopbackIsThisMachineOnly(String host, boolean loopback) {
        assertThat(new ListenAddress(host).loopback()).isEqualTo(loopback);
        assertThat(new ListenAddress(host).refusal(false).isEmpty()).isEqualTo(loopback);
        assertThat(new ListenAddress(host).refusal(true)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, localhost", "::1, localhost", "192.168.1.20, 192.168.1.20", "fe80::1, [fe80::1]"})
    void urlsNameTheBoundHost(String host, String urlHost) {
        assertThat(new ListenAddress(host).urlHost()).isEqualTo(urlHost);
        assertThat(new ListenAddress(host).clientHost()).isEqualTo(urlHost);
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0", "::"})
    void theOwnClientOfAWildcardNodeCallsLoopback(String host) {
        assertThat(new ListenAddress(host).clientHost()).isEqualTo("localhost");
        assertThat(new ListenAddress(host).urlHost()).isNotBlank().isNotEqualTo(host);
    }

    @Test
    void theRefusalIsOneLineThatSaysWhatToDo() {
        assertThat(new ListenAddress("0.0.0.0").refusal(false)).hasValue("xmodal: refusing to listen on 0.0.0.0 without authentication: "
                + "add --team to run a team server (users, projects, tokens), or listen on 127.0.0.1");
    }
}
