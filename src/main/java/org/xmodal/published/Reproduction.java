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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;
import org.xmodal.published.PublishedResponses.ModelMatch;
import org.xmodal.published.PublishedResponses.ReproduceResponse;
import org.xmodal.published.PublishedResponses.ReproduceRow;
import org.xmodal.result.ResultResponses.ComparisonResponse;
import org.xmodal.result.ResultResponses.ConditionRow;

/**
 * Sets runs against a published table: each model is matched to a published model (an explicit mapping, else the
 * longest published name that its name starts with, else its family), then each metric under each condition that
 * both have is compared in bits against a tolerance.
 */
@ApplicationScoped
public class Reproduction {
    /** Same checkpoints re-run on GPU or with TF32 agree to about 1e-3 bits, on CPU fp32 to about 1e-4 (spec §9). */
    public static final double DEFAULT_TOLERANCE_BITS = 1e-3;
    private final PublishedService published;
    private final DataSource dataSource;

    public Reproduction(PublishedService published, DataSource dataSource) {
        this.published = published;
        this.dataSource = dataSource;
    }

    public ReproduceResponse reproduce(ComparisonResponse comparison, String tableName, double tolerance, String mapping) {
        var table = published.table(tableName).orElseThrow(() -> XmodalException.notFound("published table " + tableName));
        Map<List<String>, PublishedRow> values = new HashMap<>();
        Set<String> publishedModels = new LinkedHashSet<>();
        for (PublishedRow r : table.rows()) {
            values.put(List.of(r.model(), r.direction(), r.condition(), r.metric()), r);
            publishedModels.add(r.model());
        }
        List<String> models = comparison.rows().stream().map(ConditionRow::model).distinct().toList();
        Map<String, ModelMatch> matches = match(models, publishedModels, explicit(mapping, models, publishedModels));
        List<ReproduceRow> rows = new ArrayList<>();
        for (ConditionRow r : comparison.rows()) {
            String target = matches.get(r.model()).publishedModel();
            PublishedRow p = target == null ? null : values.get(List.of(target, r.direction(), r.condition(), r.metric()));
            if (p != null) {
                double difference = r.meanBits() - p.meanBits();
                rows.add(new ReproduceRow(r.model(), r.runId(), r.sweepId(), target, r.direction(), r.condition(), r.metric(),
                        p.meanBits(), r.meanBits(), difference, p.comparable() ? Math.abs(difference) <= tolerance : null, p.caveat()));
            }
        }
        long within = rows.stream().filter(r -> Boolean.TRUE.equals(r.within())).count();
        long beyond = rows.stream().filter(r -> Boolean.FALSE.equals(r.within())).count();
        return new ReproduceResponse(table.name(), table.citation(), comparison.dataset(), comparison.runs(), tolerance,
                List.copyOf(matches.values()), rows, within, beyond);
    }

    /** {@code model=PUBLISHED,model2=PUBLISHED2}: every model must be compared here and every target published. */
    static Map<String, String> explicit(String mapping, List<String> models, Set<String> publishedModels) {
        Map<String, String> map = new HashMap<>();
        if (mapping == null || mapping.isBlank()) {
            return map;
        }
        for (String pair : mapping.split(",")) {
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw XmodalException.invalidField("map", "'" + pair.strip() + "' is not MODEL=PUBLISHED_MODEL");
            }
            String model = parts[0].strip();
            String target = parts[1].strip();
            if (!models.contains(model)) {
                throw XmodalException.invalidField("map", model + " is not a model of the compared runs " + models);
            }
            if (!publishedModels.contains(target)) {
                throw XmodalException.invalidField("map", target + " is not a model of the published table");
            }
            map.put(model, target);
        }
        return map;
    }

    private Map<String, ModelMatch> match(List<String> models, Set<String> publishedModels, Map<String, String> explicit) {
        Map<String, String> families = families(models);
        Map<String, ModelMatch> matches = new LinkedHashMap<>();
        for (String model : models) {
            if (explicit.containsKey(model)) {
                matches.put(model, new ModelMatch(model, explicit.get(model), "explicit"));
                continue;
            }
            Optional<String> byName = publishedModels.stream().filter(p -> normal(model).startsWith(normal(p)))
                    .max(Comparator.comparingInt(p -> normal(p).length()));
            String family = families.get(model) == null ? "" : normal(families.get(model));
            Optional<String> byFamily = publishedModels.stream().filter(p -> !family.isEmpty() && normal(p).equals(family)).findFirst();
            matches.put(model, byName.map(p -> new ModelMatch(model, p, "name"))
                    .or(() -> byFamily.map(p -> new ModelMatch(model, p, "family")))
                    .orElse(new ModelMatch(model, null, null)));
        }
        return matches;
    }

    /** Lower case letters and digits only: {@code VL-BERT}, {@code vl_bert} and {@code vlbert} are the same. */
    static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private Map<String, String> families(List<String> models) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name, family FROM model WHERE name = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", models.toArray()));
            Map<String, String> families = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    families.put(rs.getString(1), rs.getString(2));
                }
            }
            return families;
        } catch (SQLException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read the families of models: " + e.getMessage(), e);
        }
    }
}
