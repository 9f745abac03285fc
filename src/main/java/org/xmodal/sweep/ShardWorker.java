package org.xmodal.sweep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.attributes.AttributeStore;
import org.xmodal.data.Dataset;
import org.xmodal.evaluation.Batching;
import org.xmodal.evaluation.Evaluator;
import org.xmodal.evaluation.EngineCache;
import org.xmodal.evaluation.EvaluationOptions;
import org.xmodal.evaluation.SkippedEntry;
import org.xmodal.evaluation.Untargeted;
import org.xmodal.evaluation.EvaluationListener;
import org.xmodal.evaluation.EvaluationStats;
import org.xmodal.evaluation.ExampleResult;
import org.xmodal.experiment.ExperimentVersion;
import org.xmodal.platform.DatabaseFailure;
import org.xmodal.platform.RetryPolicy;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;
import org.xmodal.queue.ShardExecutor;
import org.xmodal.queue.ShardQueue;
import org.xmodal.registry.RegisteredDataset;
import org.xmodal.registry.RegisteredModel;
import org.xmodal.registry.RegistryService;
import org.xmodal.result.ResultStore;

/**
 * Executes one shard attempt: claims the shard (taking a lease), checks its model file, resumes after its committed
 * examples, evaluates every condition of its run in one pass, and commits each chunk's results together with the
 * shard's progress, fenced by the attempt. Failures of the input fail the run at once; other failures are retried
 * with the configured backoff. When the database itself fails, nothing is lost: the lease lapses and the reaper
 * queues the shard again.
 */
@Startup // its counters exist from the start, not from the first shard
@ApplicationScoped
public class ShardWorker implements ShardExecutor {
    private static final Logger LOG = Logger.getLogger(ShardWorker.class);
    private final EngineCache engines;
    private final ResultStore results;
    private final Lifecycle lifecycle;
    private final ShardQueue queue;
    private final WorkerNode node;
    private final Leases leases;
    private final RetryPolicy retry;
    private final Duration leaseTimeout;
    private final Clock clock;
    private final Counter examples;
    private final Counter failures;
    private final Counter retries;
    private final RegistryService registry;
    private final AttributeStore attributes;

    public ShardWorker(XmodalConfig config, EngineCache engines, ResultStore results, Lifecycle lifecycle, ShardQueue queue, WorkerNode node,
                       Leases leases, Clock clock, MeterRegistry metrics, RegistryService registry, AttributeStore attributes) {
        this.registry = registry;
        this.attributes = attributes;
        this.engines = engines;
        this.results = results;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.node = node;
        this.leases = leases;
        this.retry = RetryPolicy.of(config.sweeps());
        this.leaseTimeout = config.worker().leaseTimeout();
        this.clock = clock;
        this.examples = Counter.builder("xmodal.examples.evaluated")
                .description("Examples evaluated and committed by this node (all conditions of an example count once)").register(metrics);
        this.failures = Counter.builder("xmodal.shard.failures")
                .description("Shard attempts that ended in a failure on this node").register(metrics);
        this.retries = Counter.builder("xmodal.shard.retries")
                .description("Failed shard attempts queued again after a backoff").register(metrics);
    }

    /** What a claimed shard needs, read in the claiming transaction. */
    record Claim(long shardId, long runId, long sweepId, int attempt, int first, int from, int end, Direction direction,
                 List<Condition> conditions, RegisteredModel model, Path datasetDir, long datasetProject,
                 EvaluationOptions options, long datasetId) {
    }

    /** Why an evaluation stopped before its end. */
    private enum Stop { NONE, CANCELLED, DRAINING }

    @Override
    public void execute(long shardId, int jobAttempt, boolean recovering, String device) {
        leases.enter();
        try {
            if (leases.draining()) {
                handBackJob(shardId, jobAttempt);
                return;
            }
            Optional<Claim> claimed;
            try {
                claimed = claim(shardId, jobAttempt, recovering, device);
            } catch (RuntimeException e) {
                // the shard is still queued with no job: the reaper queues it again once the database answers
                LOG.warnf("shard %d: cannot claim it (%s); the reaper will queue it again", shardId, Leases.rootMessage(e));
                return;
            }
            claimed.ifPresent(claim -> run(claim, device));
        } finally {
            leases.exit();
        }
    }

    private void run(Claim claim, String device) {
        Leases.Lease lease = leases.hold(claim.shardId(), claim.attempt());
        beat(device, claim.shardId());
        try {
            registry.requireUnchanged(claim.model());
            Stop[] stop = {Stop.NONE};
            Evaluator evaluator = engines.evaluator(Path.of(claim.model().path), claim.model().sha256, device, claim.datasetDir(),
                    () -> registry.gate(claim.datasetProject()), claim.options());
            if (claim.direction() == Direction.LANG4VIS) { // the gold labels the dataset has as this shard starts
                Dataset dataset = engines.dataset(claim.datasetDir(), () -> registry.gate(claim.datasetProject()));
                evaluator.labels(attributes.labels(claim.datasetId(), dataset.classNames(), dataset.entries().size()));
            }
            EvaluationStats stats = evaluator.evaluate(claim.direction(), claim.conditions(), claim.from(), claim.end(), listener(claim, lease, stop));
            leases.release(lease); // from here on the shard's state is settled under its row lock, fenced by the attempt
            if (lease.lost()) {
                LOG.infof("shard %d: attempt %d stopped; the shard was cancelled or handed to another attempt", claim.shardId(), claim.attempt());
            } else if (stop[0] == Stop.DRAINING) {
                handBack(claim);
            } else {
                finish(claim, stats.cancelled() ? State.CANCELLED : State.SUCCEEDED);
            }
        } catch (XmodalException e) {
            LOG.warnf("shard %d: %s", claim.shardId(), e.getMessage());
            fail(claim, e.getMessage(), e.code().permanent());
        } catch (RuntimeException e) {
            if (DatabaseFailure.in(e).isPresent()) {
                LOG.warnf("shard %d: the database failed (%s); the attempt ends", claim.shardId(), Leases.rootMessage(e));
            } else {
                LOG.errorf(e, "shard %d failed", claim.shardId());
            }
            fail(claim, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        } finally {
            leases.release(lease);
            beat(device, null);
        }
    }

    private EvaluationListener listener(Claim claim, Leases.Lease lease, Stop[] stop) {
        Map<Condition, Integer> index = new HashMap<>();
        for (int i = 0; i < claim.conditions().size(); i++) {
            index.put(claim.conditions().get(i), i);
        }
        return new EvaluationListener() {
            private int reported;
            private List<SkippedEntry> skipped = List.of();

            @Override
            public void onSkipped(List<SkippedEntry> entries) {
                skipped = entries;
            }

            @Override
            public void onChunk(List<ExampleResult> chunk, int done, int total) {
                int base = claim.from() - claim.first();
                List<SkippedEntry> left = skipped;
                skipped = List.of();
                if (leases.commit(lease, () -> {
                    results.write(claim.runId(), chunk, index);
                    results.writeSkipped(claim.runId(), left);
                }, base + reported, base + done)) {
                    examples.increment(done - reported);
                    reported = done;
                }
            }

            @Override
            public boolean cancelled() {
                if (lease.lost()) {
                    return true;
                }
                if (leases.draining()) {
                    stop[0] = Stop.DRAINING;
                    return true;
                }
                try {
                    boolean cancelled = QuarkusTransaction.requiringNew().call(() -> {
                        Sweep sweep = Sweep.findById(claim.sweepId());
                        Shard shard = Shard.findById(claim.shardId());
                        return sweep.cancelRequested || State.CANCELLED.equals(shard.state);
                    });
                    stop[0] = cancelled ? Stop.CANCELLED : Stop.NONE;
                    return cancelled;
                } catch (RuntimeException e) {
                    return false; // a database fault: the next commit retries, and its fence tells
                }
            }
        };
    }

    /**
     * Claims a shard for a new attempt: a queued shard, or a running one whose lease expired or whose node Quartz
     * found dead (the job it recovers is the one that attempt ran). A running shard with a live lease is left to
     * its owner: this job was a duplicate.
     */
    Optional<Claim> claim(long shardId, int jobAttempt, boolean recovering, String device) {
        Instant now = clock.instant();
        Optional<Claim> claim = QuarkusTransaction.requiringNew().call(() -> {
            Shard shard = Shard.findById(shardId, LockModeType.PESSIMISTIC_WRITE);
            if (shard == null || State.terminal(shard.state)) {
                return Optional.<Claim>empty();
            }
            if (State.RUNNING.equals(shard.state) && !shard.leaseExpired(now, leaseTimeout)
                    && !(recovering && jobAttempt == shard.attempts)) {
                LOG.debugf("shard %d: attempt %d holds a live lease; job for attempt %d ends", shardId, shard.attempts, jobAttempt);
                return Optional.<Claim>empty();
            }
            Run run = Run.findById(shard.runId);
            Sweep sweep = Sweep.findById(run.sweepId);
            if (sweep.cancelRequested || State.terminal(run.state)) {
                shard.state = State.CANCELLED;
                shard.finishedAt = now;
                return Optional.<Claim>empty();
            }
            shard.state = State.RUNNING;
            shard.attempts++;
            shard.worker = node.name() + "/" + device;
            shard.heartbeatAt = now;
            shard.nextAttemptAt = null;
            shard.startedAt = shard.startedAt == null ? now : shard.startedAt;
            if (State.QUEUED.equals(run.state)) {
                run.state = State.RUNNING;
                run.startedAt = now;
            }
            if (State.QUEUED.equals(sweep.state)) {
                sweep.state = State.RUNNING;
                sweep.startedAt = now;
            }
            ExperimentVersion version = ExperimentVersion.findById(sweep.experimentVersionId);
            RegisteredModel model = RegisteredModel.findById(run.modelId);
            RegisteredDataset dataset = RegisteredDataset.findById(version.datasetId);
            Direction direction = Direction.parse(run.direction);
            List<Condition> conditions = java.util.Arrays.stream(run.conditions).map(c -> Condition.parse(direction, c)).toList();
            return Optional.of(new Claim(shard.id, run.id, sweep.id, shard.attempts, shard.firstExample,
                    shard.firstExample + shard.examplesDone, shard.endExample, direction, conditions, model,
                    Path.of(dataset.path), dataset.projectId, new EvaluationOptions(version.batchSize, true,
                    Batching.parse(version.batching), Untargeted.parse(version.untargeted)), dataset.id));
        });
        if (claim.isEmpty()) {
            Shard shard = QuarkusTransaction.requiringNew().call(() -> Shard.<Shard>findById(shardId));
            if (shard != null && State.terminal(shard.state)) {
                settle(shard.runId);
            }
        } else if (claim.get().from() > claim.get().first()) {
            LOG.infof("shard %d: attempt %d resumes at example %d", shardId, claim.get().attempt(), claim.get().from());
        }
        return claim;
    }

    private void finish(Claim claim, String state) {
        QuarkusTransaction.requiringNew().run(() -> {
            Shard shard = owned(claim);
            if (shard != null) {
                shard.state = state;
                shard.finishedAt = clock.instant();
                shard.error = null;
            }
        });
        settle(claim.runId());
    }

    /** The node is stopping: the shard goes back on the queue at once, for another node, resuming where this one stopped. */
    private void handBack(Claim claim) {
        QuarkusTransaction.requiringNew().run(() -> {
            Shard shard = owned(claim);
            if (shard != null) {
                lifecycle.requeue(shard, clock.instant(), null);
                LOG.infof("shard %d: handed back at example %d, node %s is stopping", claim.shardId(),
                        shard.firstExample + shard.examplesDone, node.name());
            }
        });
    }

    /** A job that fired while the node was stopping: it is queued again for another node, unclaimed. */
    private void handBackJob(long shardId, int jobAttempt) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Shard shard = Shard.findById(shardId, LockModeType.PESSIMISTIC_WRITE);
                if (shard != null && State.QUEUED.equals(shard.state)) {
                    queue.enqueue(shardId, jobAttempt, Lifecycle.priorityOf(shard), clock.instant());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("shard %d: cannot queue it again while stopping (%s); the reaper will", shardId, Leases.rootMessage(e));
        }
    }

    /** Records a failed attempt: retried after a backoff if it may heal and attempts remain, else the shard fails. */
    void fail(Claim claim, String message, boolean permanent) {
        failures.increment();
        try {
            boolean ended = QuarkusTransaction.requiringNew().call(() -> {
                Shard shard = owned(claim);
                if (shard == null) {
                    return false;
                }
                if (!permanent && retry.allowsAnother(shard.attemptsSinceRetry())) {
                    Instant at = clock.instant().plus(retry.backoffAfter(shard.attemptsSinceRetry()));
                    lifecycle.requeue(shard, at, message);
                    retries.increment();
                    LOG.infof("shard %d: attempt %d failed, retrying at %s", shard.id, shard.attempts, at);
                    return false;
                }
                shard.error = message;
                shard.state = State.FAILED;
                shard.finishedAt = clock.instant();
                if (permanent) {
                    cancelQueuedSiblings(shard);
                }
                return true;
            });
            if (ended) {
                settle(claim.runId());
            }
        } catch (RuntimeException e) {
            LOG.warnf("shard %d: cannot record the failure (%s); the reaper will queue it again when its lease expires",
                    claim.shardId(), Leases.rootMessage(e));
        }
    }

    /** The same input fails the same way in every shard of the run: stop the run's other queued shards. */
    private void cancelQueuedSiblings(Shard shard) {
        for (Shard other : Shard.ofRun(shard.runId)) {
            if (State.QUEUED.equals(other.state)) {
                other.state = State.CANCELLED;
                other.finishedAt = clock.instant();
                queue.remove(other.id);
            }
        }
    }

    /** The shard, locked, if this claim's attempt still owns it; null when another attempt or a cancel took it. */
    private static Shard owned(Claim claim) {
        Shard shard = Shard.findById(claim.shardId(), LockModeType.PESSIMISTIC_WRITE);
        return shard != null && State.RUNNING.equals(shard.state) && shard.attempts == claim.attempt() ? shard : null;
    }

    private void settle(long runId) {
        try {
            lifecycle.settleRun(runId);
        } catch (RuntimeException e) {
            LOG.warnf("run %d: cannot settle it now (%s); the reaper will", runId, Leases.rootMessage(e));
        }
    }

    private void beat(String device, Long shardId) {
        try {
            node.beat(device, shardId, false);
        } catch (RuntimeException e) {
            LOG.debugf("heartbeat of %s failed: %s", device, e.getMessage());
        }
    }
}
