package org.xmodal.sweep;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import org.xmodal.ablation.Direction;
import org.xmodal.result.ResultStore;

/**
 * Moves runs and sweeps to their final state once everything below them has one: a run whose shards all
 * succeeded gets its aggregates; a sweep ends failed if a run failed, cancelled if one was cancelled.
 * Locks run, then sweep, always in that order.
 */
@ApplicationScoped
public class Lifecycle {
    private final ResultStore results;
    private final Clock clock;

    public Lifecycle(ResultStore results, Clock clock) {
        this.results = results;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void settleRun(long runId) {
        Run run = Run.findById(runId, LockModeType.PESSIMISTIC_WRITE);
        if (!State.terminal(run.state)) {
            List<Shard> shards = Shard.ofRun(runId);
            if (shards.stream().allMatch(s -> State.terminal(s.state))) {
                if (shards.stream().allMatch(s -> State.SUCCEEDED.equals(s.state))) {
                    results.aggregate(runId, Direction.parse(run.direction));
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
