package org.xmodal.published;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;
import org.xmodal.result.ResultResponses.ComparisonResponse;
import org.xmodal.result.ResultResponses.ConditionRow;
import org.xmodal.result.ResultResponses.SeedPoint;

/**
 * The seed groups among the models of a comparison: a model's registered group, else the naming rule NAME_sN / NAME-sN.
 * A model compared in several runs counts once, with its latest run.
 */
@ApplicationScoped
public class ComparisonGroups {
    private final DataSource dataSource;

    public ComparisonGroups(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public ComparisonResponse attach(ComparisonResponse comparison) {
        Map<String, String> registered = registeredGroups(comparison.rows().stream().map(ConditionRow::model).distinct().toList());
        Map<List<String>, ConditionRow> latest = new LinkedHashMap<>();
        comparison.rows().stream().sorted(Comparator.comparingLong(ConditionRow::runId)).forEach(r ->
                latest.put(List.of(r.model(), r.direction(), r.condition(), r.metric()), r));
        List<SeedGroups.Member> members = new ArrayList<>();
        for (ConditionRow r : comparison.rows()) {
            if (latest.get(List.of(r.model(), r.direction(), r.condition(), r.metric())) != r) {
                continue;
            }
            PaperName name = PaperName.parse(r.model());
            String group = registered.get(r.model()) != null ? registered.get(r.model()) : name.seedGroup();
            if (group != null) {
                members.add(new SeedGroups.Member(group, r.direction(), r.condition(), r.metric(),
                        new SeedPoint(r.model(), name.seed(), r.runId(), r.meanBits(), r.n(), r.stdBits())));
            }
        }
        return comparison.withGroups(SeedGroups.of(members));
    }

    private Map<String, String> registeredGroups(List<String> models) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name, seed_group FROM model WHERE name = ANY (?) AND seed_group IS NOT NULL")) {
            s.setArray(1, c.createArrayOf("text", models.toArray()));
            Map<String, String> groups = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    groups.put(rs.getString(1), rs.getString(2));
                }
            }
            return groups;
        } catch (SQLException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read the seed groups of models: " + e.getMessage(), e);
        }
    }
}
