package org.xmodal.sweep;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.xmodal.ablation.Direction;
import org.xmodal.analysis.RunStatistics;
import org.xmodal.experiment.ExperimentVersion;
import org.xmodal.queue.ShardQueue;
import org.xmodal.result.ResultStore;

/**
 * Moves runs and sweeps to their final state once everything below them has one: a run whose shards all
 * succeeded gets its aggregates and their statistics; a sweep ends failed if a run failed, cancelled if one was cancelled. Also puts
 * a shard back on the queue. Locks run, then sweep, always in that order.
 */
@ApplicationScoped
public class Lifecycle {
    private final ResultStore results;
    private final RunStatistics statistics;
    private final ShardQueue queue;
    private final Clock clock;

    public Lifecycle(ResultStore results, RunStatistics statistics, ShardQueue queue, Clock clock) {
        this.results = results;
        this.statistics = statistics;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Queues {@code shard} again for its next attempt at {@code at}, as a new Quartz job with the experiment's
     * priority; it resumes after its committed examples. Runs in the caller's transaction, which holds the shard.
     */
    public void requeue(Shard shard, Instant at, String why) {
        shard.state = State.QUEUED;
        shard.worker = null;
        shard.nextAttemptAt = at;
        shard.error = why;
        shard.finishedAt = null;
        queue.enqueue(shard.id, shard.attempts + 1, priorityOf(shard), at);
    }

    static int priorityOf(Shard shard) {
        Run run = Run.findById(shard.runId);
        return ExperimentVersion.<ExperimentVersion>findById(Sweep.<Sweep>findById(run.sweepId).experimentVersionId).priority;
    }

    /** Ends a sweep whose runs have all ended (a run settled while its sweep could not be, e.g. in a database fault). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void settleSweepOf(long sweepId) {
        settleSweep(sweepId);
    }

    /** Long enough for a large run's statistics (a pass over its values per resample and permutation, docs/method.md). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @io.quarkus.narayana.jta.runtime.TransactionConfiguration(timeout = 1800)
    public void settleRun(long runId) {
        Run run = Run.findById(runId, LockModeType.PESSIMISTIC_WRITE);
        if (!State.terminal(run.state)) {
            List<Shard> shards = Shard.ofRun(runId);
            if (shards.stream().allMatch(s -> State.terminal(s.state))) {
                if (shards.stream().allMatch(s -> State.SUCCEEDED.equals(s.state))) {
                    results.aggregate(runId, Direction.parse(run.direction));
                    statistics.compute(runId, Direction.parse(run.direction));
                    run.state = State.SUCCEEDED;
                } else {
                    run.state = shards.stream().anyMatch(s -> State.FAILED.equals(s.state)) ? State.FAILED : State.CANCELLED;
                    run.error = shards.stream().filter(s -> s.error != null && State.FAILED.equals(s.state))
                            .map(s -> s.error).findFirst().orElse(run.error);
                }
                run.finishedAt = clock.instant();
            }
        }
        settleSweep(run.sweepId);
    }

    void settleSweep(long sweepId) {
        Sweep sweep = Sweep.findById(sweepId, LockModeType.PESSIMISTIC_WRITE);
        List<Run> runs = Run.ofSweep(sweepId);
        if (State.terminal(sweep.state) || !runs.stream().allMatch(r -> State.terminal(r.state))) {
            return;
        }
        sweep.state = runs.stream().anyMatch(r -> State.FAILED.equals(r.state)) ? State.FAILED
                : runs.stream().anyMatch(r -> State.CANCELLED.equals(r.state)) ? State.CANCELLED : State.SUCCEEDED;
        sweep.finishedAt = clock.instant();
    }
}
