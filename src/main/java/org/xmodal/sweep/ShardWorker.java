package org.xmodal.sweep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.evaluation.EngineCache;
import org.xmodal.evaluation.EvaluationListener;
import org.xmodal.evaluation.EvaluationStats;
import org.xmodal.evaluation.ExampleResult;
import org.xmodal.experiment.ExperimentVersion;
import org.xmodal.platform.RetryPolicy;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;
import org.xmodal.queue.ShardExecutor;
import org.xmodal.queue.ShardQueue;
import org.xmodal.registry.RegisteredDataset;
import org.xmodal.registry.RegistryService;
import org.xmodal.registry.RegisteredModel;
import org.xmodal.result.ResultStore;

/**
 * Executes one shard: claims it, resumes after its committed examples, evaluates every condition of its run in
 * one pass, and commits each chunk's results together with the shard's progress and heartbeat. Failures of
 * the input fail the run at once; other failures are retried with the configured backoff.
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
    private final RetryPolicy retry;
    private final Clock clock;
    private final Counter examples;
    private final Counter failures;
    private final RegistryService registry;

    public ShardWorker(XmodalConfig config, EngineCache engines, ResultStore results, Lifecycle lifecycle, ShardQueue queue, WorkerNode node,
                       Clock clock, MeterRegistry metrics, RegistryService registry) {
        this.registry = registry;
        this.engines = engines;
        this.results = results;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.node = node;
        this.retry = RetryPolicy.of(config.sweeps());
        this.clock = clock;
        this.examples = Counter.builder("xmodal.examples.evaluated").description("Examples this node evaluated, each under all conditions of its run").register(metrics);
        this.failures = Counter.builder("xmodal.shard.failures").description("Shard attempts that failed on this node, whether retried or final").register(metrics);
    }

    /** What a claimed shard needs, read in the claiming transaction. */
    record Claim(long shardId, long runId, long sweepId, int first, int from, int end, Direction direction,
                 List<Condition> conditions, Path modelFile, String modelSha256, Path datasetDir, long datasetProject, int batchSize) {
    }

    @Override
    public void execute(long shardId, String device) {
        Optional<Claim> claimed;
        try {
            claimed = claim(shardId, device);
        } catch (RuntimeException e) {
            LOG.errorf(e, "shard %d: cannot claim it", shardId);
            fail(shardId, "cannot claim the shard: " + e.getMessage(), false);
            return;
        }
        if (claimed.isEmpty()) {
            return;
        }
        Claim claim = claimed.get();
        node.beat(device, shardId, false);
        try {
            EvaluationStats stats = engines.evaluator(claim.modelFile(), claim.modelSha256(), device, claim.datasetDir(),
                    () -> registry.gate(claim.datasetProject()), claim.batchSize()).evaluate(claim.direction(), claim.conditions(), claim.from(), claim.end(), listener(claim));
            finish(claim, stats.cancelled() ? State.CANCELLED : State.SUCCEEDED);
        } catch (XmodalException e) {
            LOG.warnf("shard %d: %s", shardId, e.getMessage());
            fail(shardId, e.getMessage(), e.code().permanent());
        } catch (RuntimeException e) {
            LOG.errorf(e, "shard %d failed", shardId);
            fail(shardId, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        } finally {
            node.beat(device, null, false);
        }
    }

    private EvaluationListener listener(Claim claim) {
        Map<Condition, Integer> index = new HashMap<>();
        for (int i = 0; i < claim.conditions().size(); i++) {
            index.put(claim.conditions().get(i), i);
        }
        return new EvaluationListener() {
            private int reported;

            @Override
            public void onChunk(List<ExampleResult> chunk, int done, int total) {
                Instant now = clock.instant();
                QuarkusTransaction.requiringNew().run(() -> {
                    results.write(claim.runId(), chunk, index);
                    results.progress(claim.shardId(), claim.from() - claim.first() + done, now);
                });
                examples.increment(done - reported);
                reported = done;
            }

            @Override
            public boolean cancelled() {
                return QuarkusTransaction.requiringNew().call(() -> {
                    Sweep sweep = Sweep.findById(claim.sweepId());
                    Shard shard = Shard.findById(claim.shardId());
                    return sweep.cancelRequested || State.CANCELLED.equals(shard.state);
                });
            }
        };
    }

    Optional<Claim> claim(long shardId, String device) {
        Instant now = clock.instant();
        Optional<Claim> claim = QuarkusTransaction.requiringNew().call(() -> {
            Shard shard = Shard.findById(shardId, LockModeType.PESSIMISTIC_WRITE);
            if (shard == null || State.terminal(shard.state)) {
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
            return Optional.of(new Claim(shard.id, run.id, sweep.id, shard.firstExample, shard.firstExample + shard.examplesDone,
                    shard.endExample, direction, conditions, Path.of(model.path), model.sha256, Path.of(dataset.path),
                    dataset.projectId, version.batchSize));
        });
        if (claim.isEmpty()) {
            Shard shard = QuarkusTransaction.requiringNew().call(() -> Shard.<Shard>findById(shardId));
            if (shard != null) {
                lifecycle.settleRun(shard.runId);
            }
        }
        return claim;
    }

    private void finish(Claim claim, String state) {
        QuarkusTransaction.requiringNew().run(() -> {
            Shard shard = Shard.findById(claim.shardId(), LockModeType.PESSIMISTIC_WRITE);
            if (!State.terminal(shard.state)) {
                shard.state = state;
                shard.finishedAt = clock.instant();
                shard.error = null;
            }
        });
        lifecycle.settleRun(claim.runId());
    }

    /** Records a failed attempt: retried after a backoff if it may heal and attempts remain, else the shard fails. */
    void fail(long shardId, String message, boolean permanent) {
        failures.increment();
        Long runId = QuarkusTransaction.requiringNew().call(() -> {
            Shard shard = Shard.findById(shardId, LockModeType.PESSIMISTIC_WRITE);
            if (shard == null || State.terminal(shard.state)) {
                return shard == null ? null : shard.runId;
            }
            shard.error = message;
            if (!permanent && retry.allowsAnother(shard.attempts)) {
                Instant at = clock.instant().plus(retry.backoffAfter(shard.attempts));
                shard.state = State.QUEUED;
                shard.nextAttemptAt = at;
                Run run = Run.findById(shard.runId);
                ExperimentVersion version = ExperimentVersion.findById(Sweep.<Sweep>findById(run.sweepId).experimentVersionId);
                queue.enqueue(shardId, shard.attempts + 1, version.priority, at);
                LOG.infof("shard %d: attempt %d failed, retrying at %s", shardId, shard.attempts, at);
                return null;
            }
            shard.state = State.FAILED;
            shard.finishedAt = clock.instant();
            if (permanent) {
                // the same input fails the same way in every shard of the run: stop the run's other queued shards
                for (Shard other : Shard.ofRun(shard.runId)) {
                    if (State.QUEUED.equals(other.state)) {
                        other.state = State.CANCELLED;
                        other.finishedAt = clock.instant();
                        queue.remove(other.id);
                    }
                }
            }
            return shard.runId;
        });
        if (runId != null) {
            lifecycle.settleRun(runId);
        }
    }
}
