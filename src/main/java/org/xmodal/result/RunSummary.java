package org.xmodal.result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.evaluation.ExampleResult;

/**
 * Aggregates the per-example results of one run as they stream in: unweighted means over examples (a macro
 * average over phrases, spec §6), converted from nats to bits. Memory does not grow with the example count.
 */
public final class RunSummary {
    private final Direction direction;
    private final Map<Condition, SummaryStatistics> primary = new LinkedHashMap<>();
    private final Map<Condition, SummaryStatistics> secondary = new LinkedHashMap<>();
    private final Map<Condition, SummaryStatistics> label = new LinkedHashMap<>();

    public RunSummary(Direction direction, List<Condition> conditions) {
        this.direction = direction;
        for (Condition c : conditions) {
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
        if (!Float.isNaN(result.labelNats())) {
            label.get(result.condition()).addValue(result.labelNats());
        }
    }

    public void addAll(List<ExampleResult> results) {
        results.forEach(this::add);
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
