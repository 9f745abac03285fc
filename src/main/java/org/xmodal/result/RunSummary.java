package org.xmodal.result;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.analysis.ConditionStatistics;
import org.xmodal.analysis.PairedStatistics;
import org.xmodal.analysis.StatisticsSettings;
import org.xmodal.evaluation.ExampleResult;

/**
 * Aggregates the per-example results of one run as they stream in: unweighted means over examples (a macro
 * average over phrases, spec §6), converted from nats to bits. Memory does not grow with the example count, unless
 * the summary keeps the per-example values for {@link #summaries(StatisticsSettings)} (examples × conditions).
 */
public final class RunSummary {
    private final Direction direction;
    private final List<Condition> conditions;
    private final Map<Condition, SummaryStatistics> primary = new LinkedHashMap<>();
    private final Map<Condition, SummaryStatistics> secondary = new LinkedHashMap<>();
    private final Map<Condition, Integer> index = new HashMap<>();
    /** example → values under each condition (NaN: none yet); primary, then secondary. Null unless kept. */
    private final TreeMap<Integer, double[]> values;
    private final Map<Condition, SummaryStatistics> label = new LinkedHashMap<>();

    public RunSummary(Direction direction, List<Condition> conditions) {
        this(direction, conditions, false);
    }

    /** {@code keepValues}: keep every example's values, for intervals and tests at the end. */
    public RunSummary(Direction direction, List<Condition> conditions, boolean keepValues) {
        this.direction = direction;
        this.conditions = List.copyOf(conditions);
        this.values = keepValues ? new TreeMap<>() : null;
        for (Condition c : conditions) {
            index.put(c, index.size());
            primary.put(c, new SummaryStatistics());
            secondary.put(c, new SummaryStatistics());
            label.put(c, new SummaryStatistics());
        }
    }

    public void add(ExampleResult result) {
        primary.get(result.condition()).addValue(result.lossNats());
        if (!Float.isNaN(result.secondaryNats())) {
            secondary.get(result.condition()).addValue(result.secondaryNats());
        }
        if (values != null) {
            int k = conditions.size();
            double[] v = values.computeIfAbsent(result.example(), e -> {
                double[] fresh = new double[2 * k];
                Arrays.fill(fresh, Double.NaN);
                return fresh;
            });
            int c = index.get(result.condition());
            v[c] = result.lossNats();
            v[k + c] = result.secondaryNats();
        }
        if (!Float.isNaN(result.labelNats())) {
            label.get(result.condition()).addValue(result.labelNats());
        }
    }

    public void addAll(List<ExampleResult> results) {
        results.forEach(this::add);
    }

    /**
     * The summaries with paired bootstrap intervals and sign-flip p-values (see {@link PairedStatistics}) over the
     * examples that have a value under every condition; needs a summary that keeps its values.
     */
    public List<ConditionSummary> summaries(StatisticsSettings settings) {
        if (values == null) {
            throw new IllegalStateException("this summary does not keep its per-example values");
        }
        List<ConditionSummary> rows = summaries();
        int k = conditions.size();
        int baseline = -1;
        for (int c = 0; c < k; c++) {
            baseline = baseline < 0 && conditions.get(c).kind() == Condition.Kind.NONE ? c : baseline;
        }
        List<Metric> metrics = direction == Direction.LANG4VIS ? List.of(Metric.primary(direction), Metric.MRC_XE)
                : List.of(Metric.primary(direction));
        Map<String, ConditionStatistics> stats = new HashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            double[] paired = new double[values.size() * k];
            int size = 0;
            for (double[] v : values.values()) {
                boolean complete = true;
                for (int c = 0; c < k; c++) {
                    complete &= !Double.isNaN(v[m * k + c]);
                }
                if (complete) {
                    System.arraycopy(v, m * k, paired, size, k);
                    size += k;
                }
            }
            for (ConditionStatistics s : PairedStatistics.compute(Arrays.copyOf(paired, size), k, baseline, settings)) {
                stats.put(metrics.get(m) + " " + s.condition(), s);
            }
        }
        List<ConditionSummary> out = new ArrayList<>(rows.size());
        for (ConditionSummary r : rows) {
            ConditionStatistics s = stats.get(r.metric() + " " + index.get(r.condition()));
            out.add(s == null ? r : new ConditionSummary(r.condition(), r.metric(), r.n(), r.meanBits(), r.stdBits(),
                    r.deltaBits(), r.relativeDelta(), s.meanInterval().scaled(1 / ConditionSummary.LN2),
                    s.deltaInterval() == null ? null : s.deltaInterval().scaled(1 / ConditionSummary.LN2), s.p(), s.pHolm()));
        }
        return out;
    }

    public List<ConditionSummary> summaries() {
        List<ConditionSummary> rows = new ArrayList<>(rows(Metric.primary(direction), primary));
        if (direction == Direction.LANG4VIS) {
            rows.addAll(rows(Metric.MRC_XE, secondary));
            if (label.values().stream().anyMatch(s -> s.getN() > 0)) {
                rows.addAll(rows(Metric.MRC_XE_LABEL, label));
            }
        }
        return rows;
    }

    private static List<ConditionSummary> rows(Metric metric, Map<Condition, SummaryStatistics> stats) {
        Double baseline = stats.entrySet().stream()
                .filter(e -> e.getKey().kind() == Condition.Kind.NONE && e.getValue().getN() > 0)
                .map(e -> e.getValue().getMean() / ConditionSummary.LN2).findFirst().orElse(null);
        List<ConditionSummary> rows = new ArrayList<>();
        stats.forEach((condition, s) -> {
            double mean = s.getMean() / ConditionSummary.LN2;
            double delta = baseline == null ? Double.NaN : mean - baseline;
            rows.add(new ConditionSummary(condition, metric, s.getN(), mean,
                    s.getStandardDeviation() / ConditionSummary.LN2, delta,
                    baseline == null ? Double.NaN : delta / baseline));
        });
        return rows;
    }
}
