package org.xmodal.sweep;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.xmodal.evaluation.Batching;
import org.xmodal.experiment.Experiment;
import org.xmodal.experiment.ExperimentDefinition;
import org.xmodal.experiment.ExperimentService;
import org.xmodal.experiment.ExperimentVersion;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;
import org.xmodal.queue.ShardQueue;
import org.xmodal.registry.RegisteredModel;

/** Submits sweeps (runs per model × direction, shards per run, one Quartz job per shard), cancels, retries, reports. */
@ApplicationScoped
public class SweepService {
    private final ExperimentService experiments;
    private final ShardQueue queue;
    private final Lifecycle lifecycle;
    private final EntityManager em;
    private final Clock clock;
    private final Duration staleAfter;
    private final Duration leaseTimeout;

    public SweepService(ExperimentService experiments, ShardQueue queue, Lifecycle lifecycle, EntityManager em, Clock clock,
                        XmodalConfig config) {
        this.experiments = experiments;
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.em = em;
        this.clock = clock;
        this.staleAfter = config.worker().heartbeat().multipliedBy(3);
        this.leaseTimeout = config.worker().leaseTimeout();
    }

    /** Submits a version of an experiment (the latest when {@code version} is null); scheduling joins this transaction. */
    @Transactional
    public Optional<SweepResponse> submit(long experimentId, Integer version) {
        Experiment experiment = Experiment.findById(experimentId);
        if (experiment == null) {
            return Optional.empty();
        }
        if (experiment.archived) {
            throw new XmodalException(ErrorCode.CONFLICT, "experiment " + experimentId + " is archived");
        }
        ExperimentVersion v = (version == null ? ExperimentVersion.latest(experimentId) : ExperimentVersion.of(experimentId, version))
                .orElseThrow(() -> XmodalException.notFound("version " + version + " of experiment " + experimentId));
        ExperimentDefinition definition = experiments.definition(v);
        Sweep sweep = new Sweep();
        sweep.experimentVersionId = v.id;
        sweep.state = State.QUEUED;
        sweep.submittedAt = clock.instant();
        sweep.persist();
        for (Long modelId : v.modelIds) {
            RegisteredModel model = RegisteredModel.findById(modelId);
            for (String direction : definition.directions()) {
                if (!(model.textOnly && direction.equals("lang4vis"))) {
                    plan(sweep, model, direction, definition.conditions().get(direction), v);
                }
            }
        }
        if (Run.count("sweepId", sweep.id) == 0) {
            throw XmodalException.invalidField("models", "no run to do: text-only models have no lang4vis direction");
        }
        em.flush();
        return Optional.of(status(sweep));
    }

    private void plan(Sweep sweep, RegisteredModel model, String direction, List<String> conditions, ExperimentVersion v) {
        Run run = new Run();
        run.sweepId = sweep.id;
        run.modelId = model.id;
        run.direction = direction;
        run.conditions = conditions.toArray(String[]::new);
        run.state = State.QUEUED;
        run.examplesTotal = v.subsetTo - v.subsetFrom;
        run.persist();
        for (int first = v.subsetFrom; first < v.subsetTo; first += v.shardSize) {
            Shard shard = new Shard();
            shard.runId = run.id;
            shard.firstExample = first;
            shard.endExample = Math.min(v.subsetTo, first + v.shardSize);
            shard.state = State.QUEUED;
            shard.persist();
            em.flush();
            queue.enqueue(shard.id, 1, v.priority, sweep.submittedAt);
        }
    }

    /**
     * Stops a sweep, and cancel always wins: its queued, running and orphaned shards all end cancelled at once.
     * A running attempt notices by itself and stops; its chunk in flight is not stored (its commit is fenced).
     */
    public Optional<SweepResponse> cancel(long sweepId) {
        List<Long> runs = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            Sweep sweep = Sweep.findById(sweepId);
            if (sweep == null) {
                return null;
            }
            if (!State.terminal(sweep.state)) {
                sweep.cancelRequested = true;
            }
            return Run.ofSweep(sweepId).stream().map(r -> r.id).toList();
        });
        if (runs == null) {
            return Optional.empty();
        }
        for (Long runId : runs) {
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
                for (Shard shard : Shard.ofRunLocked(runId)) {
                    if (!State.terminal(shard.state)) {
                        shard.state = State.CANCELLED;
                        shard.finishedAt = clock.instant();
                        queue.remove(shard.id);
                    }
                }
            });
            lifecycle.settleRun(runId);
        }
        return get(sweepId);
    }

    /**
     * Queues a sweep's unfinished shards again, whatever its state: failed and cancelled shards, running shards whose
     * lease expired, and queued shards that lost their job. They resume after their committed examples, with a fresh
     * retry budget; the attempt number keeps growing (it fences commits).
     */
    @Transactional
    public Optional<SweepResponse> retry(long sweepId) {
        Sweep sweep = Sweep.findById(sweepId);
        if (sweep == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        int requeued = 0;
        int live = 0;
        for (Run run : Run.ofSweep(sweepId)) {
            for (Shard shard : Shard.ofRun(run.id)) {
                if (State.RUNNING.equals(shard.state) && !shard.leaseExpired(now, leaseTimeout) || State.QUEUED.equals(shard.state) && queue.queued(shard.id)) {
                    live++;
                } else if (!State.SUCCEEDED.equals(shard.state)) {
                    shard.retryBase = shard.attempts;
                    lifecycle.requeue(shard, now, null);
                    requeued++;
                }
            }
            if (State.FAILED.equals(run.state) || State.CANCELLED.equals(run.state)) {
                run.state = run.startedAt == null ? State.QUEUED : State.RUNNING;
                run.error = null;
                run.finishedAt = null;
            }
        }
        if (requeued == 0) {
            throw new XmodalException(ErrorCode.CONFLICT, "sweep " + sweepId + " has nothing to retry: "
                    + (live == 0 ? "every shard succeeded" : live + " shard(s) are queued or running with a live worker"));
        }
        sweep.cancelRequested = false;
        sweep.state = sweep.startedAt == null ? State.QUEUED : State.RUNNING;
        sweep.finishedAt = null;
        return Optional.of(status(sweep));
    }

    @Transactional
    public Optional<SweepResponse> get(long sweepId) {
        return Optional.ofNullable(Sweep.<Sweep>findById(sweepId)).map(this::status);
    }

    @Transactional
    public List<ShardResponse> shards(long sweepId) {
        return Shard.ofSweep(sweepId).stream().map(ShardResponse::of).toList();
    }

    @Transactional
    public ClusterStatus cluster() {
        Instant now = clock.instant();
        long queued = Shard.count("state", State.QUEUED);
        long running = Shard.count("state", State.RUNNING);
        List<ClusterStatus.Worker> workers = WorkerRecord.<WorkerRecord>listAll().stream()
                .sorted((a, b) -> (a.key.node() + a.key.device()).compareTo(b.key.node() + b.key.device()))
                .map(w -> new ClusterStatus.Worker(w.key.node(), w.key.device(), w.shardId, w.heartbeatAt,
                        w.heartbeatAt.plus(staleAfter).isAfter(now)))
                .toList();
        return new ClusterStatus(queued, running, workers);
    }

    /** The experiment's batching for one of its models, {@code auto} resolved ({@code paper} if the model is batch-dependent). */
    private static String batchingOf(ExperimentVersion version, RegisteredModel model) {
        return Batching.parse(version.batching).forModel(model.batchDependent).wireName();
    }

    private static Map<Long, Long> skippedCounts(List<Run> runs) {
        Map<Long, Long> counts = new java.util.HashMap<>();
        if (runs.isEmpty()) {
            return counts;
        }
        List<Object[]> rows = Run.getEntityManager().createNativeQuery(
                "SELECT run_id, count(*) FROM run_skipped WHERE run_id = ANY (CAST(?1 AS BIGINT[])) GROUP BY run_id")
                .setParameter(1, runs.stream().map(r -> r.id).toArray(Long[]::new)).getResultList();
        rows.forEach(r -> counts.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue()));
        return counts;
    }

    SweepResponse status(Sweep sweep) {
        ExperimentVersion v = ExperimentVersion.findById(sweep.experimentVersionId);
        Experiment experiment = Experiment.findById(v.experimentId);
        ExperimentDefinition definition = experiments.definition(v);
        List<Run> runs = Run.ofSweep(sweep.id);
        Map<Long, List<Shard>> shards = Shard.ofSweep(sweep.id).stream().collect(Collectors.groupingBy(s -> s.runId));
        Map<Long, RegisteredModel> models = RegisteredModel.<RegisteredModel>list("id in ?1", runs.stream().map(r -> r.modelId).distinct().toList())
                .stream().collect(Collectors.toMap(m -> m.id, m -> m));
        Map<Long, Long> skipped = skippedCounts(runs);
        List<SweepResponse.RunStatus> statuses = new ArrayList<>();
        long done = 0;
        long total = 0;
        for (Run run : runs) {
            List<Shard> own = shards.getOrDefault(run.id, List.of());
            long runDone = own.stream().mapToLong(s -> s.examplesDone).sum();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String s : List.of(State.QUEUED, State.RUNNING, State.SUCCEEDED, State.FAILED, State.CANCELLED)) {
                counts.put(s, own.stream().filter(x -> s.equals(x.state)).count());
            }
            RegisteredModel model = models.get(run.modelId);
            statuses.add(new SweepResponse.RunStatus(run.id, model.name, run.direction, List.of(run.conditions),
                    run.state, runDone, run.examplesTotal, counts, run.error, run.startedAt, run.finishedAt,
                    batchingOf(v, model), skipped.getOrDefault(run.id, 0L)));
            done += runDone;
            total += run.examplesTotal;
        }
        Double rate = null;
        Long eta = null;
        if (sweep.startedAt != null && done > 0) {
            Instant end = sweep.finishedAt != null ? sweep.finishedAt : clock.instant();
            double seconds = Math.max(1e-3, Duration.between(sweep.startedAt, end).toMillis() / 1000.0);
            rate = done / seconds;
            eta = State.terminal(sweep.state) ? 0L : Math.round((total - done) / rate);
        }
        return new SweepResponse(sweep.id, experiment.id, experiment.name, v.version, definition.dataset(), sweep.state,
                sweep.cancelRequested, sweep.submittedAt, sweep.startedAt, sweep.finishedAt, done, total, rate, eta, statuses);
    }

}
