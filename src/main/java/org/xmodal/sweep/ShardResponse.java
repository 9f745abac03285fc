package org.xmodal.sweep;

import java.time.Instant;

/** One shard as the status API shows it. */
public record ShardResponse(long id, long runId, int firstExample, int endExample, String state, int attempts,
                            int examplesDone, String worker, Instant heartbeatAt, Instant nextAttemptAt, String error,
                            Instant startedAt, Instant finishedAt) {

    static ShardResponse of(Shard s) {
        return new ShardResponse(s.id, s.runId, s.firstExample, s.endExample, s.state, s.attempts, s.examplesDone,
                s.worker, s.heartbeatAt, s.nextAttemptAt, s.error, s.startedAt, s.finishedAt);
    }
}
