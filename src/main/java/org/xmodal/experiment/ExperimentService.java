package org.xmodal.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.ConditionPlan;
import org.xmodal.ablation.Direction;
import org.xmodal.access.AccessService;
import org.xmodal.access.Project;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.FieldError;
import org.xmodal.platform.Page;
import org.xmodal.platform.PageRequest;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;
import org.xmodal.registry.RegisteredDataset;
import org.xmodal.registry.RegisteredModel;

/** Creates, versions, finds and archives experiments. A version never changes once written. */
@ApplicationScoped
public class ExperimentService {
    private final EntityManager em;
    private final ObjectMapper json;
    private final Clock clock;
    private final XmodalConfig config;
    private final AccessService access;

    public ExperimentService(EntityManager em, ObjectMapper json, Clock clock, XmodalConfig config, AccessService access) {
        this.em = em;
        this.json = json;
        this.clock = clock;
        this.config = config;
        this.access = access;
    }

    @Transactional
    public ExperimentResponse create(ExperimentRequest request) {
        Project project = access.projectForWrite(request.project());
        Experiment experiment = new Experiment();
        experiment.projectId = project.id;
        experiment.name = request.name().trim();
        experiment.createdAt = clock.instant();
        experiment.persist();
        access.caller().auditTarget("experiment " + experiment.id);
        return respond(experiment, addVersion(experiment, 1, request));
    }

    /** Editing makes a new version; the old ones and their sweeps stay. */
    @Transactional
    public Optional<ExperimentResponse> update(long id, ExperimentRequest request) {
        return Optional.ofNullable(Experiment.<Experiment>findById(id)).map(experiment -> {
            if (experiment.archived) {
                throw new XmodalException(ErrorCode.CONFLICT, "experiment " + id + " is archived; unarchive it to edit it");
            }
            if (request.project() != null && !request.project().isBlank()
                    && !Project.byName(request.project().trim()).map(p -> p.id.equals(experiment.projectId)).orElse(false)) {
                throw XmodalException.invalidField("project", "an experiment stays in its project; create a new one in the other project");
            }
            experiment.name = request.name().trim();
            int next = ExperimentVersion.latest(id).map(v -> v.version + 1).orElse(1);
            return respond(experiment, addVersion(experiment, next, request));
        });
    }

    @Transactional
    public Optional<ExperimentResponse> get(long id, Integer version) {
        return Optional.ofNullable(Experiment.<Experiment>findById(id)).flatMap(e ->
                (version == null ? ExperimentVersion.latest(id) : ExperimentVersion.of(id, version)).map(v -> respond(e, v)));
    }

    @Transactional
    public Optional<ExperimentResponse> setArchived(long id, boolean archived) {
        return Optional.ofNullable(Experiment.<Experiment>findById(id)).map(e -> {
            e.archived = archived;
            return respond(e, ExperimentVersion.latest(id).orElseThrow());
        });
    }

    /** Experiments whose name contains {@code q}, with a tag, a model or a dataset in their latest version; newest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Page<ExperimentResponse> search(String q, String tag, String model, String dataset, boolean archived, PageRequest page) {
        String where = """
                FROM experiment e
                JOIN LATERAL (SELECT * FROM experiment_version v WHERE v.experiment_id = e.id ORDER BY v.version DESC LIMIT 1) v ON TRUE
                JOIN dataset d ON d.id = v.dataset_id
                WHERE e.archived = :archived AND (:allProjects OR e.project_id IN (:projects))
                  AND (CAST(:q AS TEXT) IS NULL OR strpos(lower(e.name), lower(CAST(:q AS TEXT))) > 0)
                  AND (CAST(:tag AS TEXT) IS NULL OR CAST(:tag AS TEXT) = ANY (v.tags))
                  AND (CAST(:dataset AS TEXT) IS NULL OR d.name = CAST(:dataset AS TEXT))
                  AND (CAST(:model AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM experiment_version_model m JOIN model mo ON mo.id = m.model_id
                       WHERE m.experiment_version_id = v.id AND mo.name = CAST(:model AS TEXT)))
                """;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("archived", archived);
        params.putAll(access.readable().sqlParameters());
        params.put("q", blankToNull(q));
        params.put("tag", blankToNull(tag));
        params.put("dataset", blankToNull(dataset));
        params.put("model", blankToNull(model));
        var count = em.createNativeQuery("SELECT count(*) " + where);
        var ids = em.createNativeQuery("SELECT e.id " + where + " ORDER BY e.created_at DESC, e.id DESC LIMIT :size OFFSET :offset");
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            ids.setParameter(k, v);
        });
        ids.setParameter("size", page.size()).setParameter("offset", page.offset());
        List<ExperimentResponse> items = ((List<Number>) ids.getResultList()).stream()
                .map(id -> get(id.longValue(), null).orElseThrow()).toList();
        return new Page<>(items, page.page(), page.size(), ((Number) count.getSingleResult()).longValue());
    }

    public ExperimentDefinition definition(ExperimentVersion version) {
        try {
            return json.readValue(version.definition, ExperimentDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored definition of experiment version " + version.id + " is unreadable", e);
        }
    }

    private ExperimentVersion addVersion(Experiment experiment, int number, ExperimentRequest request) {
        List<FieldError> errors = new ArrayList<>();
        RegisteredDataset dataset = RegisteredDataset.latestByName(experiment.projectId, request.dataset().trim()).orElse(null);
        if (dataset == null) {
            errors.add(new FieldError("dataset", "no dataset named '" + request.dataset() + "' is registered in this project"));
        }
        List<RegisteredModel> models = new ArrayList<>();
        for (int i = 0; i < request.models().size(); i++) {
            String name = request.models().get(i).trim();
            Optional<RegisteredModel> model = RegisteredModel.byName(name).filter(m -> m.projectId.equals(experiment.projectId));
            if (model.isEmpty()) {
                errors.add(new FieldError("models[" + i + "]", "no model named '" + name + "' is registered in this project"));
            } else if (models.contains(model.get())) {
                errors.add(new FieldError("models[" + i + "]", "'" + name + "' is listed twice"));
            } else {
                models.add(model.get());
            }
        }
        List<Direction> directions = directions(request.directions(), errors);
        Map<String, List<String>> conditions = conditions(directions, request.conditions(), errors);
        ExperimentRequest.Options o = request.options() != null ? request.options()
                : new ExperimentRequest.Options(null, null, null, null, null, null, null, null, null, null);
        int from = o.subsetFrom() == null ? 0 : o.subsetFrom();
        int to = dataset == null ? 0 : o.subsetTo() == null ? dataset.examples : o.subsetTo();
        if (dataset != null && (to > dataset.examples || from >= to)) {
            errors.add(new FieldError("options.subsetTo", "the subset [" + from + ", " + to + ") must be non-empty and lie within the "
                    + dataset.examples + " examples of " + dataset.name));
        }
        if (dataset != null) {
            compatibility(dataset, models, directions, errors);
        }
        if ("fast".equals(o.batching())) {
            models.stream().filter(m -> m.batchDependent).forEach(m -> errors.add(new FieldError("options.batching",
                    "model " + m.name + " is batch-dependent, so fast batching would change its values; use paper or exact")));
        }
        if (!errors.isEmpty()) {
            throw new XmodalException(ErrorCode.INVALID_ARGUMENT, "the experiment is not valid: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        ExperimentDefinition definition = new ExperimentDefinition(experiment.name, dataset.name, dataset.contentHash,
                models.stream().map(m -> m.name).toList(), List.copyOf(conditions.keySet()), conditions,
                o.batchSize() == null ? 32 : o.batchSize(), "fp32", from, to,
                o.shardSize() == null ? config.sweeps().defaultShardSize() : o.shardSize(),
                o.priority() == null ? 5 : o.priority(), o.tags() == null ? List.of() : o.tags().stream().map(String::trim).distinct().toList(),
                o.notes() == null ? "" : o.notes(), o.batching() == null ? "auto" : o.batching(),
                o.untargeted() == null ? "error" : o.untargeted());
        ExperimentVersion version = new ExperimentVersion();
        version.experimentId = experiment.id;
        version.version = number;
        version.datasetId = dataset.id;
        version.definition = write(definition);
        version.batchSize = definition.batchSize();
        version.batching = definition.batching();
        version.untargeted = definition.untargeted();
        version.shardSize = definition.shardSize();
        version.subsetFrom = from;
        version.subsetTo = to;
        version.priority = definition.priority();
        version.tags = definition.tags().toArray(String[]::new);
        version.notes = definition.notes();
        version.createdAt = clock.instant();
        version.modelIds = new ArrayList<>(models.stream().map(m -> m.id).toList());
        version.persist();
        return version;
    }

    /** What would fail every shard of a run, found before any is queued: feature size, and class count for lang4vis. */
    private static void compatibility(RegisteredDataset dataset, List<RegisteredModel> models, List<Direction> directions,
                                      List<FieldError> errors) {
        for (int i = 0; i < models.size(); i++) {
            RegisteredModel m = models.get(i);
            if (m.featureSize != dataset.featureSize) {
                errors.add(new FieldError("models[" + i + "]", "model " + m.name + " expects featureSize " + m.featureSize
                        + " but dataset " + dataset.name + " has region features of size " + dataset.featureSize));
            } else if (directions.contains(Direction.LANG4VIS) && !m.textOnly && m.numClasses != dataset.numClasses) {
                errors.add(new FieldError("models[" + i + "]", "model " + m.name + " predicts " + m.numClasses
                        + " region classes but dataset " + dataset.name + " has " + dataset.numClasses
                        + " detector classes, so lang4vis cannot be scored; choose directions [vis4lang]"));
            }
        }
    }

    private static List<Direction> directions(List<String> requested, List<FieldError> errors) {
        if (requested == null) {
            return List.of(Direction.VIS4LANG, Direction.LANG4VIS);
        }
        List<Direction> directions = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            try {
                Direction d = Direction.parse(String.valueOf(requested.get(i)));
                if (!directions.contains(d)) {
                    directions.add(d);
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("directions[" + i + "]", e.getMessage()));
            }
        }
        return directions;
    }

    private static Map<String, List<String>> conditions(List<Direction> directions, List<String> names, List<FieldError> errors) {
        if (directions.isEmpty()) {
            return Map.of();
        }
        boolean valid = true;
        if (names != null) {
            for (int i = 0; i < names.size(); i++) {
                try {
                    ConditionPlan.of(directions, List.of(String.valueOf(names.get(i))));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("conditions[" + i + "]", e.getMessage()));
                    valid = false;
                }
            }
        }
        Map<String, List<String>> byDirection = new LinkedHashMap<>();
        if (valid) {
            ConditionPlan.of(directions, names).forEach((d, list) ->
                    byDirection.put(d.wireName(), list.stream().map(Condition::name).toList()));
        }
        return byDirection;
    }

    private ExperimentResponse respond(Experiment e, ExperimentVersion v) {
        List<Integer> versions = ExperimentVersion.history(e.id).stream().map(x -> x.version).toList();
        String project = Project.<Project>findByIdOptional(e.projectId).map(p -> p.name).orElse(null);
        return new ExperimentResponse(e.id, e.name, project, e.archived, e.createdAt, v.version, v.id, v.createdAt, versions, definition(v));
    }

    private String write(ExperimentDefinition definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an experiment definition", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
