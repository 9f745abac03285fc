package org.xmodal.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.xmodal.ablation.Direction;
import org.xmodal.result.ResultBenchmark.Figure;
import org.xmodal.result.ResultQueries.RunInfo;
import org.xmodal.result.SyntheticSweep.SyntheticRun;

/** Latency of the result queries behind the API's summary, comparison and example endpoints, on a loaded database. */
final class QueryTimings {
    private static final int PAGE_SIZE = 50;
    private final ResultQueries queries;
    private final int warmup;
    private final int calls;
    private final List<Figure> figures = new ArrayList<>();

    QueryTimings(ResultQueries queries, int warmup, int calls) {
        this.queries = queries;
        this.warmup = warmup;
        this.calls = calls;
    }

    /** Times each query against the succeeded runs and the last {@code runningRuns} runs, which are still running. */
    List<Figure> measure(List<SyntheticRun> synthetic, int runningRuns) {
        List<RunInfo> runs = queries.runs(synthetic.stream().map(SyntheticRun::id).toList());
        List<RunInfo> succeeded = runs.subList(0, runs.size() - runningRuns);
        List<RunInfo> running = runs.subList(runs.size() - runningRuns, runs.size());
        int examples = (int) queries.exampleCount(runs.get(0).id());
        figures.add(new Figure("query latency", "median and 95th percentile of " + calls + " calls",
                "after " + warmup + " warm-up calls, on one open connection, without HTTP"));
        time("runs, 1 id", "run, model, sweep, version and dataset joined by primary keys", () -> queries.runs(List.of(runs.get(0).id())));
        for (Direction direction : Direction.values()) {
            first(succeeded, direction).ifPresent(run -> time("summary, succeeded " + direction + " run",
                    "reads its rows of the aggregate table", () -> queries.summary(run)));
        }
        for (Direction direction : Direction.values()) {
            first(running, direction).ifPresent(run -> time("summary, running " + direction + " run", String.format(Locale.ROOT,
                    "live GROUP BY over the run's %,d result rows%s", (long) examples * run.conditions().size(),
                    direction == Direction.LANG4VIS ? ", once per metric" : ""), () -> queries.summary(run)));
        }
        for (int n : IntStream.of(10, runs.size()).map(k -> Math.min(k, runs.size())).distinct().toArray()) {
            List<RunInfo> compared = runs.subList(0, n);
            time("compare, " + compared.size() + " runs", String.format(Locale.ROOT, "%,d rows of the aggregate table",
                    compared.stream().mapToLong(r -> r.conditions().size() * (r.direction().equals("lang4vis") ? 2L : 1L)).sum()),
                    () -> queries.compare(compared));
        }
        first(succeeded, Direction.VIS4LANG).ifPresent(run -> pages(run, examples));
        return figures;
    }

    /** The first and the last page of a run's examples, in example order and by the effect of {@code all}. */
    private void pages(RunInfo run, int examples) {
        long last = (long) (examples - 1) / PAGE_SIZE * PAGE_SIZE;
        int none = run.conditions().indexOf("none");
        int all = run.conditions().indexOf("all");
        String rows = PAGE_SIZE + " examples × " + run.conditions().size() + " conditions";
        for (long offset : List.of(0L, last)) {
            String page = offset == 0 ? "first page" : "last page (offset " + String.format(Locale.ROOT, "%,d", offset) + ")";
            time("examplePage, by example, " + page, rows, () -> queries.examplePage(run.id(), null, null, offset, PAGE_SIZE));
            time("examplePage, by effect of all, " + page, rows + "; sorts the run's " + String.format(Locale.ROOT, "%,d", examples)
                    + " examples by loss(all) − loss(none)", () -> queries.examplePage(run.id(), all, none, offset, PAGE_SIZE));
        }
        time("exampleCount", "the examples endpoint's total", () -> queries.exampleCount(run.id()));
    }

    private void time(String name, String note, Runnable call) {
        Latency latency = Latency.of(warmup, calls, call);
        figures.add(new Figure(name, String.format(Locale.ROOT, "%.2f ms median, %.2f ms p95", latency.medianMillis(),
                latency.p95Millis()), note));
    }

    private static Optional<RunInfo> first(List<RunInfo> runs, Direction direction) {
        return runs.stream().filter(r -> r.direction().equals(direction.wireName())).findFirst();
    }
}
