package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(10), 2.0, Duration.ofSeconds(30));

    @Test
    void backoffGrowsGeometricallyUpToTheCap() {
        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoffAfter(50)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void attemptsStopAtTheMaximum() {
        assertThat(policy.allowsAnother(3)).isTrue();
        assertThat(policy.allowsAnother(4)).isFalse();
    }

    @Test
    void nonsensicalPoliciesAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 2, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMinutes(2), 2, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
