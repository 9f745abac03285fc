package org.xmodal.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The figures of one fault, read from the shards' timeline.
 * <ul>
 * <li><b>recovery</b>: from the end of the fault until every shard it interrupted has committed progress again
 * (or ended); zero when that happened while the fault lasted (another node took over a frozen node's shard).</li>
 * <li><b>work redone</b>: examples evaluated again, summed over every attempt of the sweep's shards that ended
 * after the fault began without finishing its shard: the committed examples its successor did not resume after
 * (progress last seen under the attempt minus the successor's resume point, which must be 0), plus the chunk it
 * had in flight (one batch, fewer at the shard's end) unless it stopped gracefully: committed a chunk after the
 * fault began, then handed the shard back. An upper bound: the chunk in flight may have just begun.</li>
 * </ul>
 */
final class Recovery {
    private Recovery() {
    }

    static Optional<Duration> recovery(ShardTimeline timeline, Hit hit) {
        Duration worst = Duration.ZERO;
        for (long shard : hit.affected()) {
            int doneBefore = hit.before().get(shard).done();
            Optional<Instant> again = timeline.history(shard).stream()
                    .filter(s -> !s.at().isBefore(hit.start()) && (s.done() > doneBefore || org.xmodal.testing.Api.terminal(s.state())))
                    .map(ShardTimeline.Sample::at).findFirst();
            if (again.isEmpty()) {
                return Optional.empty();
            }
            Duration took = Duration.between(hit.end(), again.get());
            worst = took.compareTo(worst) > 0 ? took : worst;
        }
        return Optional.of(worst);
    }

    static int redone(ShardTimeline timeline, Hit hit, int batchSize) {
        int redone = 0;
        for (long shard : timeline.latest().keySet()) {
            List<ShardTimeline.Sample> history = timeline.history(shard);
            ShardTimeline.Range range = timeline.range(shard);
            for (int i = 1; i < history.size(); i++) {
                ShardTimeline.Sample next = history.get(i);
                ShardTimeline.Sample previous = history.get(i - 1);
                if (next.attempts() > previous.attempts() && previous.attempts() > 0 && next.at().isAfter(hit.start())) {
                    redone += redoneBetween(history, previous.attempts(), next, hit.start(), range, batchSize);
                }
            }
        }
        return redone;
    }

    /** The work lost when attempt {@code ended} gave way to the attempt first seen in {@code successor}. */
    private static int redoneBetween(List<ShardTimeline.Sample> history, int ended, ShardTimeline.Sample successor, Instant faultStart,
                                     ShardTimeline.Range range, int batchSize) {
        List<ShardTimeline.Sample> own = history.stream().filter(s -> s.attempts() == ended).toList();
        int last = own.stream().mapToInt(ShardTimeline.Sample::done).max().orElse(0);
        int inFlight = gracefully(own, faultStart) || last >= range.size() ? 0 : Math.min(batchSize, range.size() - last);
        return Math.max(0, last - successor.done()) + inFlight;
    }

    /** Whether an attempt ended as a stopping node should end it: a chunk committed after the fault began, then the shard handed back. */
    private static boolean gracefully(List<ShardTimeline.Sample> attempt, Instant faultStart) {
        int before = attempt.stream().filter(s -> !s.at().isAfter(faultStart)).mapToInt(ShardTimeline.Sample::done).max().orElse(-1);
        boolean committed = attempt.stream().anyMatch(s -> s.at().isAfter(faultStart) && before >= 0 && s.done() > before);
        boolean handedBack = attempt.stream().anyMatch(s -> s.at().isAfter(faultStart) && "queued".equals(s.state()));
        return committed && handedBack;
    }

    /** Whether another attempt claimed a shard that the fault interrupted while the fault lasted (a frozen node's shard). */
    static boolean takenOver(ShardTimeline timeline, Hit hit) {
        return hit.affected().stream().anyMatch(shard -> timeline.history(shard).stream()
                .anyMatch(s -> !s.at().isAfter(hit.end()) && s.attempts() > hit.before().get(shard).attempts()));
    }

    /** For SIGTERM: how long after the node exited its shards still stood running under its attempts. */
    static Duration heldAfterExit(ShardTimeline timeline, Hit hit) {
        Duration held = Duration.ZERO;
        for (long shard : hit.affected()) {
            int attempt = hit.before().get(shard).attempts();
            Optional<Instant> handedBack = timeline.history(shard).stream()
                    .filter(s -> !s.at().isBefore(hit.start()) && !("running".equals(s.state()) && s.attempts() == attempt))
                    .map(ShardTimeline.Sample::at).findFirst();
            Duration d = Duration.between(hit.released(), handedBack.orElse(Instant.now()));
            held = d.compareTo(held) > 0 ? d : held;
        }
        return held.isNegative() ? Duration.ZERO : held;
    }
}
