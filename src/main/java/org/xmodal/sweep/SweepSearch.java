package org.xmodal.sweep;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xmodal.access.AccessService;
import org.xmodal.platform.Page;
import org.xmodal.platform.PageRequest;
import org.xmodal.platform.XmodalException;

/** The history: sweeps found by experiment name, tag, model, dataset, state and date, sorted and paged in SQL. */
@ApplicationScoped
public class SweepSearch {
    /** Sort keys the API accepts, and the SQL each means (ties broken by id, newest first). */
    static final Map<String, String> SORTS = Map.of(
            "submitted", "s.submitted_at DESC, s.id DESC",
            "-submitted", "s.submitted_at ASC, s.id ASC",
            "name", "lower(e.name) ASC, s.id DESC",
            "-name", "lower(e.name) DESC, s.id DESC",
            "state", "s.state ASC, s.id DESC");
    private static final String JOINS = """
            FROM sweep s
            JOIN experiment_version v ON v.id = s.experiment_version_id
            JOIN experiment e ON e.id = v.experiment_id
            JOIN dataset d ON d.id = v.dataset_id
            """;
    private static final String FROM = JOINS + """
            WHERE (:allProjects OR e.project_id IN (:projects))
              AND (CAST(:q AS TEXT) IS NULL OR strpos(lower(e.name), lower(CAST(:q AS TEXT))) > 0)
              AND (CAST(:tag AS TEXT) IS NULL OR CAST(:tag AS TEXT) = ANY (v.tags))
              AND (CAST(:dataset AS TEXT) IS NULL OR d.name = CAST(:dataset AS TEXT))
              AND (CAST(:state AS TEXT) IS NULL OR s.state = CAST(:state AS TEXT))
              AND (CAST(:since AS TIMESTAMPTZ) IS NULL OR s.submitted_at >= CAST(:since AS TIMESTAMPTZ))
              AND (CAST(:until AS TIMESTAMPTZ) IS NULL OR s.submitted_at < CAST(:until AS TIMESTAMPTZ))
              AND (CAST(:model AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM experiment_version_model vm
                   JOIN model m ON m.id = vm.model_id WHERE vm.experiment_version_id = v.id AND m.name = CAST(:model AS TEXT)))
            """;
    private static final String SELECT = """
            SELECT s.id, e.id, e.name, v.version, d.name,
                   ARRAY(SELECT m.name FROM experiment_version_model vm JOIN model m ON m.id = vm.model_id
                         WHERE vm.experiment_version_id = v.id ORDER BY vm.position),
                   v.tags, s.state, s.submitted_at, s.finished_at,
                   (SELECT coalesce(sum(sh.examples_done), 0) FROM run r JOIN shard sh ON sh.run_id = r.id WHERE r.sweep_id = s.id),
                   (SELECT coalesce(sum(r.examples_total), 0) FROM run r WHERE r.sweep_id = s.id)
            """;
    private final EntityManager em;
    private final AccessService access;

    public SweepSearch(EntityManager em, AccessService access) {
        this.em = em;
        this.access = access;
    }

    /** Filters are optional (null); {@code sort} is one of {@link #SORTS}' keys. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Page<SweepSummary> search(String q, String tag, String model, String dataset, String state, Long experimentId,
                                     Instant since, Instant until, String sort, PageRequest page) {
        String order = SORTS.get(sort == null ? "submitted" : sort);
        if (order == null) {
            throw XmodalException.invalidField("sort", "expected one of " + SORTS.keySet().stream().sorted().toList());
        }
        String where = FROM + (experimentId == null ? "" : " AND e.id = :experiment");
        Map<String, Object> params = new LinkedHashMap<>();
        params.putAll(access.readable().sqlParameters());
        params.put("q", blankToNull(q));
        params.put("tag", blankToNull(tag));
        params.put("dataset", blankToNull(dataset));
        params.put("state", blankToNull(state));
        params.put("model", blankToNull(model));
        params.put("since", since == null ? null : Timestamp.from(since));
        params.put("until", until == null ? null : Timestamp.from(until));
        if (experimentId != null) {
            params.put("experiment", experimentId);
        }
        var count = em.createNativeQuery("SELECT count(*) " + where);
        var ids = em.createNativeQuery("SELECT s.id " + where + " ORDER BY " + order + " LIMIT :size OFFSET :offset");
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            ids.setParameter(k, v);
        });
        ids.setParameter("size", page.size()).setParameter("offset", page.offset());
        // the page's ids first, then the costly columns (models, progress) for those rows only, not for the skipped ones
        List<Long> pageIds = ((List<Number>) ids.getResultList()).stream().map(Number::longValue).toList();
        var rows = em.createNativeQuery(SELECT + JOINS + " WHERE s.id IN (:ids) ORDER BY " + order).setParameter("ids", pageIds);
        List<SweepSummary> items = pageIds.isEmpty() ? List.of()
                : ((List<Object[]>) rows.getResultList()).stream().map(SweepSearch::summary).toList();
        return new Page<>(items, page.page(), page.size(), ((Number) count.getSingleResult()).longValue());
    }

    private static SweepSummary summary(Object[] r) {
        return new SweepSummary(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                ((Number) r[3]).intValue(), (String) r[4], strings(r[5]), strings(r[6]), (String) r[7], instant(r[8]),
                instant(r[9]), ((Number) r[10]).longValue(), ((Number) r[11]).longValue());
    }

    private static List<String> strings(Object array) {
        return array == null ? List.of() : Arrays.asList((String[]) array);
    }

    private static Instant instant(Object value) {
        return value == null ? null : value instanceof Instant i ? i : value instanceof Timestamp t ? t.toInstant()
                : value instanceof java.time.OffsetDateTime o ? o.toInstant() : Instant.parse(value.toString());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
