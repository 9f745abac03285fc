package org.xmodal.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The chaos run's findings as Markdown: one row per kind of fault, the definitions, then every fault and every failure. */
final class ChaosReport {
    private ChaosReport() {
    }

    static String markdown(ChaosPlan plan, SweepCheck.Reference reference, Duration endBound, List<Outcome> outcomes, Duration wall) {
        StringBuilder md = new StringBuilder();
        long kinds = outcomes.stream().map(Outcome::fault).distinct().count();
        md.append(String.format(Locale.ROOT, "## Chaos run (%s): %d faults of %d kinds, %d passed; wall time %s%n%n", plan.mode(),
                outcomes.size(), kinds, outcomes.stream().filter(Outcome::passed).count(), minutes(wall)));
        md.append(String.format(Locale.ROOT, "2 nodes (`serve --threads 1`, default settings) on one PostgreSQL 15 (%s); each fault hits a sweep of "
                        + "its own of the demo experiment (%s × vis4lang, lang4vis on demo-val examples 0..%d, shards of %d, batches of %d); "
                        + "the undisturbed reference sweep took %s s. Bounds: recovery within %d s of the end of the fault, the sweep's end "
                        + "within %d s of it.%n%n", settings(plan.databaseSettings()), String.join(", ", plan.models()), plan.subsetTo(), plan.shardSize(), plan.batchSize(),
                seconds(reference.duration()), plan.recoveryBound().toSeconds(), endBound.toSeconds()));
        md.append("| fault | count | passed | recovery median (s) | recovery max (s) | work redone median / max (examples) | rows lost | rows duplicated |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Fault fault : Fault.values()) {
            List<Outcome> own = outcomes.stream().filter(o -> o.fault() == fault).toList();
            if (!own.isEmpty()) {
                md.append(summary(fault, own));
            }
        }
        md.append("\nRecovery: from the end of the fault (the kill, SIGCONT, the database back up or writable again, the connections cut, ")
                .append("the node's exit after SIGTERM) until every shard the fault interrupted has committed progress again or ended, read ")
                .append("from the shard table every 200 ms; 0 when another node had taken over while the fault lasted. For the model fault: ")
                .append("from the file's replacement to the sweep's failure. Work redone: examples evaluated a second time, from each ")
                .append("interrupted attempt's last committed progress, the next attempt's resume point and one batch in flight ")
                .append("(none when the attempt committed its chunk and handed the shard back); an upper bound. Rows lost and duplicated: ")
                .append("per run, expected (examples × conditions, or committed examples × conditions for a failed run) minus distinct ")
                .append("(run, condition, example) rows, and rows minus distinct rows.\n\n");
        md.append("| # | fault | node | length | sweep | recovery (s) | sweep ended after (s) | redone | lost | duplicated | result |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |%n", i + 1, o.fault(),
                    Objects.toString(o.victim(), "—"), o.detail(), o.sweepId(), seconds(o.recovery()), seconds(o.toEnd()),
                    text(o.redone()), text(o.lost()), text(o.duplicated()), o.passed() ? "pass" : "**fail**"));
        }
        List<Outcome> failed = outcomes.stream().filter(o -> !o.passed()).toList();
        if (!failed.isEmpty()) {
            md.append("\nFailures:\n\n");
            for (Outcome o : failed) {
                md.append("- #").append(outcomes.indexOf(o) + 1).append(' ').append(o.fault()).append(" (sweep ").append(o.sweepId()).append("): ")
                        .append(String.join("; ", o.problems()).replace("|", "\\|").replace("\n", " ")).append('\n');
            }
        }
        return md.toString();
    }

    private static String summary(Fault fault, List<Outcome> own) {
        List<Duration> recoveries = own.stream().map(Outcome::recovery).filter(Objects::nonNull).sorted().toList();
        List<Integer> redone = own.stream().map(Outcome::redone).filter(Objects::nonNull).sorted().toList();
        String unmeasured = recoveries.size() < own.size() ? " (" + (own.size() - recoveries.size()) + " never)" : "";
        return String.format(Locale.ROOT, "| %s | %d | %d | %s%s | %s | %s / %s | %s | %s |%n", fault.description, own.size(),
                own.stream().filter(Outcome::passed).count(), recoveries.isEmpty() ? "—" : seconds(median(recoveries)), unmeasured,
                recoveries.isEmpty() ? "—" : seconds(recoveries.get(recoveries.size() - 1)),
                redone.isEmpty() ? "—" : median(redone), redone.isEmpty() ? "—" : redone.get(redone.size() - 1),
                total(own.stream().map(Outcome::lost).toList()), total(own.stream().map(Outcome::duplicated).toList()));
    }

    private static String settings(java.util.Map<String, String> settings) {
        return new java.util.TreeMap<>(settings).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static <T> T median(List<T> sorted) {
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static String total(List<Long> values) {
        List<Long> known = new ArrayList<>(values.stream().filter(Objects::nonNull).toList());
        String sum = Long.toString(known.stream().mapToLong(Long::longValue).sum());
        return known.size() == values.size() ? sum : sum + " (" + (values.size() - known.size()) + " unchecked)";
    }

    private static String text(Object value) {
        return value == null ? "—" : value.toString();
    }

    private static String seconds(Duration d) {
        return d == null ? "—" : String.format(Locale.ROOT, "%.1f", Math.max(0, d.toMillis()) / 1000.0);
    }

    private static String minutes(Duration d) {
        return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}
