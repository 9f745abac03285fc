package org.xmodal.sweep;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Prometheus gauges of the queue, read from the database (so every node reports the cluster's numbers) at most
 * once per few seconds: queued and running shards, and the age of the oldest running shard's heartbeat. The worker
 * counts evaluated examples and failed attempts; examples/s is {@code rate(xmodal_examples_evaluated_total[1m])}.
 */
@ApplicationScoped
public class SweepMetrics {
    private static final Duration FRESH = Duration.ofSeconds(5);
    private final Clock clock;
    private volatile Instant readAt = Instant.EPOCH;
    private volatile long queued;
    private volatile long running;
    /** The heartbeat of the running shard that beat longest ago; null while none runs. */
    private volatile Instant oldestHeartbeat;

    public SweepMetrics(Clock clock) {
        this.clock = clock;
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("xmodal.queue.depth", this, m -> m.refresh().queued).description("Shards waiting to run").register(registry);
        Gauge.builder("xmodal.shards.running", this, m -> m.refresh().running).description("Shards running now").register(registry);
        Gauge.builder("xmodal.lease.oldest.age", this, m -> m.refresh().oldestLeaseAgeSeconds()).baseUnit("seconds")
                .description("Seconds since the heartbeat of the running shard that beat longest ago, 0 when none runs")
                .register(registry);
    }

    private SweepMetrics refresh() {
        Instant now = clock.instant();
        if (now.isAfter(readAt.plus(FRESH))) {
            readAt = now;
            QuarkusTransaction.requiringNew().run(() -> {
                queued = Shard.count("state", State.QUEUED);
                running = Shard.count("state", State.RUNNING);
                oldestHeartbeat = Shard.getEntityManager()
                        .createQuery("select min(s.heartbeatAt) from Shard s where s.state = ?1", Instant.class)
                        .setParameter(1, State.RUNNING).getSingleResult();
            });
        }
        return this;
    }

    private double oldestLeaseAgeSeconds() {
        Instant oldest = oldestHeartbeat;
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }
}
