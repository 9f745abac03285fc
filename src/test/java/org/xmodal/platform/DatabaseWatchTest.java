package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The watch asks the database at most once a second, again at once after a failure, and counts its returns. */
class DatabaseWatchTest {
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Deque<DatabaseState.Health> answers = new ArrayDeque<>();
    private int probes;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DatabaseWatch watch = new DatabaseWatch(new ScriptedProbe(), new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, registry);

    DatabaseWatchTest() {
        watch.meters();
    }

    @Test
    void answersFromTheLastProbeForOneSecond() {
        answers.add(DatabaseState.Health.WRITABLE);
        answers.add(DatabaseState.Health.READ_ONLY);
        assertThat(watch.current().writable()).isTrue();
        now = now.plusMillis(999);
        assertThat(watch.current().writable()).isTrue();
        assertThat(probes).isEqualTo(1);
        now = now.plusMillis(1);
        assertThat(watch.current().health()).isEqualTo(DatabaseState.Health.READ_ONLY);
        assertThat(probes).isEqualTo(2);
    }

    @Test
    void aFailureSeenByARequestMakesTheNextQuestionProbe() {
        answers.add(DatabaseState.Health.WRITABLE);
        answers.add(DatabaseState.Health.UNREACHABLE);
        watch.current();
        watch.failureSeen(new DatabaseFailure(false, "the connection to it failed", new Exception()));
        assertThat(watch.current().health()).isEqualTo(DatabaseState.Health.UNREACHABLE);
        assertThat(probes).isEqualTo(2);
    }

    @Test
    void aClockThatMovesBackDoesNotFreezeTheAnswer() {
        answers.add(DatabaseState.Health.WRITABLE);
        answers.add(DatabaseState.Health.UNREACHABLE);
        watch.current();
        now = now.minus(Duration.ofMinutes(5));
        assertThat(watch.current().health()).isEqualTo(DatabaseState.Health.UNREACHABLE);
    }

    @Test
    void theGaugeFollowsTheDatabaseAndEachReturnIsCountedOnce() {
        answers.addAll(java.util.List.of(DatabaseState.Health.WRITABLE, DatabaseState.Health.READ_ONLY, DatabaseState.Health.UNREACHABLE,
                DatabaseState.Health.WRITABLE, DatabaseState.Health.WRITABLE, DatabaseState.Health.UNREACHABLE, DatabaseState.Health.WRITABLE));
        double[] up = new double[7];
        for (int i = 0; i < up.length; i++) {
            up[i] = registry.get("xmodal.database.up").gauge().value();
            now = now.plusSeconds(2);
        }
        assertThat(up).containsExactly(1, 0, 0, 1, 1, 0, 1);
        // the first writable answer is no return: the database had not been seen down
        assertThat(registry.get("xmodal.database.reconnects").counter().count()).isEqualTo(2);
        assertThat(registry.get("xmodal.database.up").gauge().getId().getDescription()).isNotBlank();
        assertThat(registry.get("xmodal.database.reconnects").counter().getId().getDescription()).isNotBlank();
    }

    @Test
    void livenessReadsTheLastStateWithoutProbing() {
        assertThat(watch.lastKnown().health()).isEqualTo(DatabaseState.Health.UNKNOWN);
        assertThat(probes).isZero();
    }

    /** Answers the scripted states in order, as of the time it is asked. */
    private final class ScriptedProbe extends DatabaseProbe {
        ScriptedProbe() {
            super(Optional.empty(), Optional.empty(), Optional.empty());
        }

        @Override
        public DatabaseState probe(Instant at) {
            probes++;
            DatabaseState.Health health = answers.remove();
            return health == DatabaseState.Health.WRITABLE ? DatabaseState.writable(at) : new DatabaseState(health, "scripted", at);
        }
    }
}
