package org.xmodal.published;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.xmodal.result.ResultResponses.SeedGroupRow;
import org.xmodal.result.ResultResponses.SeedPoint;

/** Seed groups from per-model means: per group, direction, condition and metric, the mean, sd, min and max over seeds. */
public final class SeedGroups {
    private SeedGroups() {
    }

    /** One model's mean under one condition and metric, as a member of {@code group}. */
    public record Member(String group, String direction, String condition, String metric, SeedPoint point) {
    }

    /** Groups in the order their members first appear; within a group, cells in that order too. */
    public static List<SeedGroupRow> of(List<Member> members) {
        Map<List<String>, List<SeedPoint>> cells = new LinkedHashMap<>();
        for (Member m : members) {
            cells.computeIfAbsent(List.of(m.group(), m.direction(), m.condition(), m.metric()), k -> new ArrayList<>()).add(m.point());
        }
        Map<String, List<SeedGroupRow>> byGroup = new LinkedHashMap<>();
        cells.forEach((key, points) -> byGroup.computeIfAbsent(key.get(0), g -> new ArrayList<>()).add(row(key, points)));
        return byGroup.values().stream().flatMap(List::stream).toList();
    }

    private static SeedGroupRow row(List<String> key, List<SeedPoint> points) {
        SummaryStatistics stats = new SummaryStatistics();
        points.forEach(p -> stats.addValue(p.meanBits()));
        return new SeedGroupRow(key.get(0), key.get(1), key.get(2), key.get(3), points.size(), stats.getMean(),
                points.size() > 1 ? stats.getStandardDeviation() : null, stats.getMin(), stats.getMax(), List.copyOf(points));
    }

    /** The seed groups of a published table: every row whose name carries a seed, grouped by the name without it. */
    public static List<SeedGroupRow> published(List<PublishedRow> rows) {
        List<Member> members = new ArrayList<>();
        for (PublishedRow r : rows) {
            String group = PaperName.parse(r.model()).seedGroup();
            if (group != null) {
                members.add(new Member(group, r.direction(), r.condition(), r.metric(),
                        new SeedPoint(r.model(), r.seed(), null, r.meanBits(), null, null)));
            }
        }
        return of(members);
    }
}
