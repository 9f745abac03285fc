package org.xmodal.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a sweep must end after its fault: succeeded, except after the model fault, where the sweep fails and every
 * run that claimed a shard after the file changed fails with the model-changed reason (a run whose shards were
 * all claimed before may succeed, with the rows of the unchanged model, which the row check compares).
 */
final class Expectations {
    private static final String MODEL_CHANGED = "(?is).*(chang|sha-256).*";

    private Expectations() {
    }

    static List<String> end(Fault fault, JsonNode sweep, ShardTimeline timeline, Hit hit) {
        List<String> problems = new ArrayList<>();
        String state = sweep.path("state").asText();
        if (fault != Fault.MODEL_REPLACED) {
            if (!"succeeded".equals(state)) {
                StringBuilder errors = new StringBuilder();
                sweep.path("runs").forEach(run -> errors.append(run.hasNonNull("error") ? " [" + run.path("error").asText() + "]" : ""));
                problems.add("the sweep ended " + state + errors);
            }
            return problems;
        }
        if (!"failed".equals(state)) {
            problems.add("the sweep ended " + state + ", not failed, after its model file changed");
        }
        for (JsonNode run : sweep.path("runs")) {
            long id = run.path("id").asLong();
            String runState = run.path("state").asText();
            boolean reason = run.path("error").asText().matches(MODEL_CHANGED);
            if ("failed".equals(runState) && !reason) {
                problems.add("run " + id + " failed for another reason: " + run.path("error").asText());
            } else if (!"failed".equals(runState) && claimedAfter(id, timeline, hit)) {
                problems.add("run " + id + " ended " + runState + " although it claimed a shard after the model file changed");
            }
        }
        return problems;
    }

    /** Whether a shard of {@code runId} was claimed (a new attempt began) after the fault ended. */
    private static boolean claimedAfter(long runId, ShardTimeline timeline, Hit hit) {
        for (Map.Entry<Long, ShardTimeline.Sample> shard : hit.before().entrySet()) {
            if (timeline.range(shard.getKey()).runId() == runId) {
                int attempts = shard.getValue().attempts();
                if (timeline.history(shard.getKey()).stream().anyMatch(s -> s.at().isAfter(hit.end()) && s.attempts() > attempts)) {
                    return true;
                }
            }
        }
        return false;
    }
}
