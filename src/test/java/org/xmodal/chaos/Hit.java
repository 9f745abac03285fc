package org.xmodal.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One injected fault: what it was, when it began and ended, the shards it aimed at (with how they stood when it
 * began), and what the injection itself found wrong (a node that did not stop cleanly).
 *
 * @param victim   the node hit, or null for the database and the model file
 * @param affected the shards the fault interrupts: those running on the node, or every running shard
 * @param released for SIGTERM: when the node had exited (the moment its shards must have been handed back)
 */
record Hit(Fault fault, String detail, String victim, Instant start, Instant end, Map<Long, ShardTimeline.Sample> before,
           Set<Long> affected, List<String> problems, Instant released) {

    Duration length() {
        return Duration.between(start, end);
    }
}
