package org.xmodal.sweep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.RetryPolicy;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;
import org.xmodal.result.ResultStore;

/**
 * The leases of the shards this node runs. A lease is the shard's heartbeat, renewed by the node's heartbeat and
 * by every chunk commit, and only by the attempt that holds it: each commit is fenced by the attempt number, so
 * an attempt whose shard was handed to another (after a pause, a database outage, a cancel) cannot write. A
 * commit that fails on a database fault is retried with backoff until {@code commitRetryFor} has passed.
 */
@ApplicationScoped
public class Leases {
    private static final Logger LOG = Logger.getLogger(Leases.class);
    private static final RetryPolicy COMMIT_BACKOFF = new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(250), 2.0, Duration.ofSeconds(5));
    private final ResultStore results;
    private final Clock clock;
    private final Duration commitRetryFor;
    private final Counter commitRetries;
    private final Map<Long, Lease> held = new ConcurrentHashMap<>();
    private final AtomicInteger executing = new AtomicInteger();
    private volatile Instant drainDeadline;

    public Leases(ResultStore results, Clock clock, XmodalConfig config, MeterRegistry metrics) {
        this.results = results;
        this.clock = clock;
        this.commitRetryFor = config.sweeps().commitRetryFor();
        this.commitRetries = Counter.builder("xmodal.chunk.commit.retries")
                .description("Chunk commits tried again after a database fault").register(metrics);
    }

    /** One attempt's hold on a shard; {@link #lost()} once another attempt owns it or the shard has ended. */
    public static final class Lease {
        final long shardId;
        final int attempt;
        private volatile boolean lost;

        Lease(long shardId, int attempt) {
            this.shardId = shardId;
            this.attempt = attempt;
        }

        public boolean lost() {
            return lost;
        }
    }

    /** Raised inside a commit whose attempt no longer owns its shard: the transaction rolls back. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost(Lease lease) {
            super("shard " + lease.shardId + ": attempt " + lease.attempt + " no longer owns it", null, false, false);
        }
    }

    Lease hold(long shardId, int attempt) {
        Lease lease = new Lease(shardId, attempt);
        held.put(shardId, lease);
        return lease;
    }

    void release(Lease lease) {
        held.remove(lease.shardId, lease);
    }

    /** Whether the node is stopping: attempts end after their chunk and hand their shard back. */
    boolean draining() {
        return drainDeadline != null;
    }

    void drainUntil(Instant deadline) {
        drainDeadline = deadline;
    }

    /** A shard job starts (or ends) executing on this node. */
    void enter() {
        executing.incrementAndGet();
    }

    void exit() {
        executing.decrementAndGet();
    }

    /** Shard jobs executing on this node now. */
    int executing() {
        return executing.get();
    }

    /** Renews every lease this node holds; a lease that another attempt took over is marked lost. */
    void renewAll() {
        Instant now = clock.instant();
        for (Lease lease : held.values()) {
            boolean owned = QuarkusTransaction.requiringNew().call(() -> results.renew(lease.shardId, lease.attempt, now));
            if (!owned && !lease.lost) {
                lease.lost = true;
                LOG.infof("shard %d: attempt %d lost its lease; it stops after the chunk in flight", lease.shardId, lease.attempt);
            }
        }
    }

    /**
     * Commits a chunk: {@code write} (the rows) and the shard's progress from {@code from} to {@code examplesDone}
     * in one transaction, fenced by the lease.
     * Database faults are retried with backoff on the same shard; returns false when the lease is lost (nothing of
     * the chunk was stored), throws when the database stayed unusable for {@code commitRetryFor}.
     */
    boolean commit(Lease lease, Runnable write, int from, int examplesDone) {
        Instant giveUpAt = clock.instant().plus(commitRetryFor);
        for (int tries = 1; ; tries++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (!results.progress(lease.shardId, lease.attempt, from, examplesDone, clock.instant())) {
                        throw new LeaseLost(lease);
                    }
                    write.run();
                });
                if (tries > 1) {
                    LOG.infof("shard %d: chunk committed after %d tries", lease.shardId, tries);
                }
                return true;
            } catch (LeaseLost e) {
                lease.lost = true;
                return false;
            } catch (RuntimeException e) {
                if (permanent(e)) {
                    throw e;
                }
                if (!mayRetry(giveUpAt)) {
                    throw new XmodalException(ErrorCode.UNAVAILABLE, "cannot commit a chunk of shard " + lease.shardId + " after "
                            + tries + " tries: " + rootMessage(e), e);
                }
                commitRetries.increment();
                LOG.warnf("shard %d: chunk commit failed (%s); trying again", lease.shardId, rootMessage(e));
                pause(COMMIT_BACKOFF.backoffAfter(tries));
            }
        }
    }

    private boolean mayRetry(Instant giveUpAt) {
        Instant now = clock.instant();
        Instant drain = drainDeadline;
        return now.isBefore(giveUpAt) && (drain == null || now.isBefore(drain));
    }

    private static boolean permanent(RuntimeException e) {
        return e instanceof XmodalException x && x.code().permanent();
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse(root.getClass().getSimpleName());
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a commit", e);
        }
    }
}
