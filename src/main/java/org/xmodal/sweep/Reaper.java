package org.xmodal.sweep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.queue.ShardQueue;

/**
 * Makes every sweep end by itself, whatever stopped its shards. On every node, one node at a time (a PostgreSQL
 * advisory lock), every few seconds: queues again the running shards whose lease expired (their worker died,
 * paused or lost the database), the queued shards whose Quartz job was lost, ends the shards of cancelled
 * sweeps, and settles runs and sweeps whose parts have all ended.
 */
@ApplicationScoped
public class Reaper {
    private static final Logger LOG = Logger.getLogger(Reaper.class);
    /** The advisory lock that lets one reaper of the cluster work at a time: "xmodal reaper" as a number. */
    private static final long LOCK = 0x786d_6f64_7265_6170L;
    private final EntityManager em;
    private final Lifecycle lifecycle;
    private final ShardQueue queue;
    private final Clock clock;
    private final Duration leaseTimeout;
    private final Duration interval;
    private final Counter requeues;
    private final Duration heartbeat;
    private volatile boolean failing;
    private volatile Instant lastFailure = Instant.EPOCH;
    private ScheduledExecutorService timer;

    public Reaper(EntityManager em, Lifecycle lifecycle, ShardQueue queue, Clock clock, XmodalConfig config, MeterRegistry metrics) {
        this.em = em;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.clock = clock;
        this.leaseTimeout = config.worker().leaseTimeout();
        this.interval = config.worker().reaperInterval();
        this.heartbeat = config.worker().heartbeat();
        this.requeues = Counter.builder("xmodal.reaper.requeues")
                .description("Shards queued again by the reaper: expired leases and lost jobs").register(metrics);
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xmodal-reaper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::reapQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /**
     * A pass, unless the database failed the last few: after an outage the workers could not renew their leases
     * either, so they get a few heartbeats to do so before expired leases are judged.
     */
    private void reapQuietly() {
        if (clock.instant().isBefore(lastFailure.plus(heartbeat.multipliedBy(3)))) {
            return;
        }
        try {
            reap();
            if (failing) {
                failing = false;
                LOG.info("the reaper works again");
            }
        } catch (RuntimeException e) {
            lastFailure = clock.instant();
            if (!failing) {
                failing = true;
                LOG.warnf("the reaper cannot work now: %s", Leases.rootMessage(e));
            }
        }
    }

    /** One pass; returns the shards it queued again. */
    int reap() {
        Instant now = clock.instant();
        Integer requeued = QuarkusTransaction.requiringNew().call(() -> {
            if (!(Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)").setParameter(1, LOCK).getSingleResult()) {
                return null;
            }
            endShardsOfCancelledSweeps(now);
            return requeueExpired(now) + requeueLost(now);
        });
        if (requeued == null) {
            return 0;
        }
        requeues.increment(requeued);
        settleUnsettled();
        return requeued;
    }

    private int requeueExpired(Instant now) {
        List<Shard> expired = Shard.list("state = ?1 and (heartbeatAt is null or heartbeatAt < ?2)", State.RUNNING, now.minus(leaseTimeout));
        int requeued = 0;
        for (Shard shard : expired) {
            em.refresh(shard, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (State.RUNNING.equals(shard.state) && shard.leaseExpired(now, leaseTimeout)) {
                LOG.infof("shard %d: the lease of %s (attempt %d) expired at example %d; queued again", shard.id, shard.worker,
                        shard.attempts, shard.firstExample + shard.examplesDone);
                lifecycle.requeue(shard, now, "the lease of " + shard.worker + " expired");
                requeued++;
            }
        }
        return requeued;
    }

    /** Queued shards with no Quartz job (its enqueue was lost with a node or a database fault), for longer than a lease. */
    private int requeueLost(Instant now) {
        @SuppressWarnings("unchecked")
        List<Number> lost = em.createNativeQuery("""
                SELECT s.id FROM shard s JOIN run r ON r.id = s.run_id JOIN sweep w ON w.id = r.sweep_id
                WHERE s.state = 'queued' AND NOT w.cancel_requested
                  AND coalesce(s.next_attempt_at, w.submitted_at) < ?1
                  AND NOT EXISTS (SELECT 1 FROM qrtz_triggers t WHERE t.job_group = 'shard-' || s.id)
                  AND NOT EXISTS (SELECT 1 FROM qrtz_fired_triggers f WHERE f.job_group = 'shard-' || s.id)
                FOR UPDATE OF s SKIP LOCKED""").setParameter(1, Timestamp.from(now.minus(leaseTimeout))).getResultList();
        for (Number id : lost) {
            Shard shard = Shard.findById(id.longValue());
            LOG.infof("shard %d: queued without a job; queued again", shard.id);
            lifecycle.requeue(shard, now, shard.error);
        }
        return lost.size();
    }

    private void endShardsOfCancelledSweeps(Instant now) {
        List<Shard> left = Shard.list("state in (?1, ?2) and runId in (select r.id from Run r where r.sweepId in "
                + "(select w.id from Sweep w where w.cancelRequested = true))", State.QUEUED, State.RUNNING);
        for (Shard shard : left) {
            shard.state = State.CANCELLED;
            shard.finishedAt = now;
            queue.remove(shard.id);
        }
    }

    private void settleUnsettled() {
        @SuppressWarnings("unchecked")
        List<Number> runs = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT r.id FROM run r WHERE r.state IN ('queued', 'running')
                  AND NOT EXISTS (SELECT 1 FROM shard s WHERE s.run_id = r.id AND s.state IN ('queued', 'running'))""").getResultList());
        runs.forEach(run -> lifecycle.settleRun(run.longValue()));
        @SuppressWarnings("unchecked")
        List<Number> sweeps = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT w.id FROM sweep w WHERE w.state IN ('queued', 'running')
                  AND NOT EXISTS (SELECT 1 FROM run r WHERE r.sweep_id = w.id AND r.state IN ('queued', 'running'))""").getResultList());
        sweeps.forEach(sweep -> lifecycle.settleSweepOf(sweep.longValue()));
    }
}
