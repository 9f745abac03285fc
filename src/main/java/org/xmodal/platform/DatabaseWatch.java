package org.xmodal.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Knows whether this node's database takes writes: from a {@link DatabaseProbe} at most once a second however
 * many ask (readiness, Prometheus), and from failures that requests meet, which make the next question probe
 * afresh. Counts the times the database came back, and logs each change once.
 */
@Startup // its meters exist from the start
@ApplicationScoped
public class DatabaseWatch {
    static final Duration FRESH = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(DatabaseWatch.class);
    private final DatabaseProbe probe;
    private final Clock clock;
    private final MeterRegistry registry;
    private volatile DatabaseState state = new DatabaseState(DatabaseState.Health.UNKNOWN, "not probed yet", Instant.EPOCH);
    private volatile boolean stale = true;
    private Counter reconnects;

    public DatabaseWatch(DatabaseProbe probe, Clock clock, MeterRegistry registry) {
        this.probe = probe;
        this.clock = clock;
        this.registry = registry;
    }

    @PostConstruct
    void meters() {
        Gauge.builder("xmodal.database.up", this, w -> w.current().writable() ? 1 : 0)
                .description("1 while this node's database answers and takes writes, 0 while it is unreachable or read-only")
                .register(registry);
        reconnects = Counter.builder("xmodal.database.reconnects")
                .description("Times this node found its database reachable and writable again after it was unreachable or read-only")
                .register(registry);
    }

    /** The database's state, probed afresh when the last probe is over a second old or a failure was seen since. */
    public synchronized DatabaseState current() {
        Instant now = clock.instant();
        boolean fresh = !now.isBefore(state.checkedAt()) && now.isBefore(state.checkedAt().plus(FRESH));
        if (stale || !fresh) {
            stale = false;
            record(probe.probe(now));
        }
        return state;
    }

    /** The state last learned, without asking the database (liveness must not depend on it). */
    public DatabaseState lastKnown() {
        return state;
    }

    /** A request met a database failure: whoever asks next gets a fresh probe, not the cached answer. */
    public void failureSeen(DatabaseFailure failure) {
        stale = true;
    }

    private void record(DatabaseState next) {
        DatabaseState previous = state;
        state = next;
        if (next.health() == previous.health()) {
            return;
        }
        if (next.down()) {
            LOG.warnf("the database is %s: %s", next.health().word(), next.reason());
        } else if (next.writable() && previous.down()) {
            reconnects.increment();
            LOG.infof("the database is writable again (it was %s: %s)", previous.health().word(), previous.reason());
        }
    }
}
