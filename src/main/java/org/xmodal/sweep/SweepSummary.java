package org.xmodal.sweep;

import java.time.Instant;
import java.util.List;

/** A sweep as the history lists it: what ran, on what, when, and how far it got. */
public record SweepSummary(long id, long experimentId, String experimentName, int version, String dataset,
                           List<String> models, List<String> tags, String state, Instant submittedAt,
                           Instant finishedAt, long examplesDone, long examplesTotal) {
}
