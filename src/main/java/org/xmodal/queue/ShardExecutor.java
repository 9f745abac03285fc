package org.xmodal.queue;

/** What a worker thread does with a shard it was handed: the queue's one way into evaluation. */
public interface ShardExecutor {

    /** Executes (or resumes) shard {@code shardId} on {@code device}; records every failure itself, never throws. */
    void execute(long shardId, String device);
}
