package org.xmodal.sweep;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A sweep's live status: its state and progress, with examples/s and an ETA while it runs, and its runs. */
public record SweepResponse(long id, long experimentId, String experimentName, int version, String dataset, String state,
                            boolean cancelRequested, Instant submittedAt, Instant startedAt, Instant finishedAt,
                            long examplesDone, long examplesTotal, Double examplesPerSecond, Long etaSeconds,
                            List<RunStatus> runs) {

    /**
     * One run: progress, shard counts by state, and why it failed. {@code batching}: how its examples are grouped
     * into model calls (the experiment's choice, {@code auto} resolved for the model); {@code skipped}: entries left
     * out for lack of a target so far.
     */
    public record RunStatus(long id, String model, String direction, List<String> conditions, String state,
                            long examplesDone, long examplesTotal, Map<String, Long> shards, String error,
                            Instant startedAt, Instant finishedAt, String batching, long skipped) {
    }
}
