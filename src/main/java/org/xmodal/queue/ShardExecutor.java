package org.xmodal.queue;

/** What a worker thread does with a shard it was handed: the queue's one way into evaluation. */
public interface ShardExecutor {

    /**
     * Executes (or resumes) shard {@code shardId} on {@code device}, for the job queued for attempt
     * {@code attempt}; {@code recovering} when Quartz re-runs the job of a node it found dead. Records every
     * failure itself, never throws.
     */
    void execute(long shardId, int attempt, boolean recovering, String device);
}
