package org.xmodal.sweep;

import java.time.Instant;
import java.util.List;

/** The platform at a glance: queue depth, running shards and every worker thread with its last heartbeat. */
public record ClusterStatus(long queueDepth, long runningShards, List<Worker> workers) {

    public record Worker(String node, String device, Long shardId, Instant heartbeatAt, boolean alive) {
    }
}
