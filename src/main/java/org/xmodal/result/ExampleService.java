package org.xmodal.result;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xmodal.ablation.Direction;
import org.xmodal.data.Dataset;
import org.xmodal.data.Entry;
import org.xmodal.data.Example;
import org.xmodal.data.ExampleBuilder;
import org.xmodal.data.HuggingFaceWordPiece;
import org.xmodal.evaluation.EngineCache;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.FieldError;
import org.xmodal.platform.Page;
import org.xmodal.platform.PageRequest;
import org.xmodal.platform.XmodalException;
import org.xmodal.result.ResultQueries.RunInfo;
import org.xmodal.result.ResultQueries.StoredRow;

/** Per-example results made readable: the phrase in its caption's subword tokens, predictions as tokens or classes. */
@ApplicationScoped
public class ExampleService {
    private final ResultQueries queries;
    private final EngineCache engines;
    private final org.xmodal.registry.RegistryService registry;

    public ExampleService(ResultQueries queries, EngineCache engines, org.xmodal.registry.RegistryService registry) {
        this.queries = queries;
        this.engines = engines;
        this.registry = registry;
    }

    /** Sort {@code example} (dataset order) or {@code effect} (loss under {@code all} minus {@code none}, largest first). */
    @Transactional
    public Page<ResultResponses.ExampleResponse> examples(RunInfo run, String sort, PageRequest page) {
        Integer effectOf = null;
        Integer baseline = null;
        if ("effect".equals(sort)) {
            baseline = run.conditions().indexOf("none");
            effectOf = run.conditions().indexOf("all");
            if (baseline < 0 || effectOf < 0) {
                throw new XmodalException(ErrorCode.INVALID_ARGUMENT, "sorting by effect needs the conditions none and all in the run",
                        List.of(new FieldError("sort", "run " + run.id() + " lacks none or all")));
            }
        } else if (sort != null && !sort.equals("example")) {
            throw XmodalException.invalidField("sort", "expected example or effect, got '" + sort + "'");
        }
        Map<Integer, List<StoredRow>> rows = queries.examplePage(run.id(), effectOf, baseline, page.offset(), page.size());
        org.xmodal.registry.RegisteredModel model = org.xmodal.registry.RegisteredModel.byName(run.model()).orElseThrow();
        org.xmodal.registry.RegisteredDataset dataset = org.xmodal.registry.RegisteredDataset.findById(run.datasetId());
        Dataset data = engines.dataset(Path.of(dataset.path), () -> registry.gate(dataset.projectId));
        HuggingFaceWordPiece tokenizer = engines.tokenizer(Path.of(model.tokenizerPath));
        ExampleBuilder builder = new ExampleBuilder(tokenizer, data.maxSeqLength());
        List<ResultResponses.ExampleResponse> items = new ArrayList<>();
        rows.forEach((index, stored) -> items.add(describe(run, data, tokenizer, builder, data.entries().get(index), stored)));
        return new Page<>(items, page.page(), page.size(), queries.exampleCount(run.id()));
    }

    private static ResultResponses.ExampleResponse describe(RunInfo run, Dataset data, HuggingFaceWordPiece tokenizer,
                                                           ExampleBuilder builder, Entry entry, List<StoredRow> stored) {
        Example example = builder.build(entry, data.features().read(entry.imageId()));
        List<String> tokens = new ArrayList<>();
        for (long id : example.captionIds()) {
            tokens.add(tokenizer.token(id));
        }
        boolean vis4lang = Direction.parse(run.direction()) == Direction.VIS4LANG;
        Integer target = stored.isEmpty() ? null : stored.get(0).targetRegion();
        List<ResultResponses.ExampleCondition> conditions = new ArrayList<>();
        for (StoredRow row : stored) {
            List<String> predicted = new ArrayList<>();
            for (long id : row.predicted()) {
                predicted.add(vis4lang ? tokenizer.token(id) : className(data, id));
            }
            conditions.add(new ResultResponses.ExampleCondition(run.conditions().get(row.conditionIndex()),
                    row.lossNats() / ConditionSummary.LN2,
                    row.secondaryNats() == null ? null : row.secondaryNats() / ConditionSummary.LN2, row.ablated(), predicted));
        }
        String targetClass = null;
        if (target != null) {
            float[] probs = example.image().classProb(target);
            int best = 0;
            for (int c = 1; c < probs.length; c++) {
                best = probs[c] > probs[best] ? c : best;
            }
            targetClass = className(data, best);
        }
        return new ResultResponses.ExampleResponse(entry.index(), entry.imageId(), entry.sentence(), entry.phrase().text(),
                tokens, example.phraseFrom(), example.phraseTo(), target, targetClass, conditions);
    }

    private static String className(Dataset data, long id) {
        return id >= 0 && id < data.classNames().size() ? data.classNames().get((int) id) : "#" + id;
    }
}
