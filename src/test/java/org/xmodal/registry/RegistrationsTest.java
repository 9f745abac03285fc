package org.xmodal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** Registrations answer 201 in time, 202 with a status location when slow, their own error when refused, 503 when full. */
class RegistrationsTest {
    private static final Duration WAIT = Duration.ofMillis(200);
    private final Registrations registrations = new Registrations(1, 1, WAIT);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        registrations.stop();
    }

    @Test
    void aQuickRegistrationIsCreated() {
        Response r = registrations.run(() -> "m", m -> URI.create("/api/models/" + m)).await().atMost(Duration.ofSeconds(5));
        assertThat(r.getStatus()).isEqualTo(201);
        assertThat(r.getLocation()).hasPath("/api/models/m");
    }

    @Test
    void aSlowRegistrationIsAcceptedAndItsStatusLeadsToTheResult() {
        Response r = registrations.run(this::slow, m -> URI.create("/api/models/" + m)).await().atMost(Duration.ofSeconds(5));
        assertThat(r.getStatus()).isEqualTo(202);
        String id = r.getLocation().getPath().substring("/api/registrations/".length());
        CompletableFuture<URI> status = registrations.status(id).orElseThrow();
        assertThat(status).isNotDone();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(status::isDone);
        assertThat(status.join()).hasPath("/api/models/slow");
    }

    @Test
    void aRefusalArrivesAsItsOwnError() {
        assertThatThrownBy(() -> registrations.run(() -> {
            throw XmodalException.invalidField("split", "'/etc/passwd' is outside the registry roots");
        }, m -> URI.create("/x")).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(XmodalException.class).hasMessageContaining("split");
    }

    @Test
    void aFullQueueAnswers503() {
        registrations.run(this::slow, m -> URI.create("/x")).subscribe().with(r -> { });
        registrations.run(this::slow, m -> URI.create("/x")).subscribe().with(r -> { });
        assertThatThrownBy(() -> registrations.run(this::slow, m -> URI.create("/x")).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(XmodalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    private String slow() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "slow";
    }
}
