package org.xmodal.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.data.Dataset;
import org.xmodal.data.Entry;
import org.xmodal.data.Example;
import org.xmodal.data.ExampleBuilder;
import org.xmodal.data.ImageFeatures;
import org.xmodal.data.SubwordTokenizer;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * The one-pass engine: evaluates every condition of a direction in a single pass over a range of examples.
 * Each example is read, tokenised and aligned once; the next chunk is prepared on a second thread while the model
 * runs the current one. Under {@code fast} and {@code exact} batching an example's distinct inputs (one per group of
 * conditions with equal inputs) are batched with other examples'; under {@code paper} batching each model call holds
 * one condition's inputs for one of the paper's batches of 16 consecutive entries, and a call whose inputs equal an
 * earlier call's is not repeated.
 */
public final class Evaluator {
    private final LoadedModel model;
    private final Dataset dataset;
    private final SubwordTokenizer tokenizer;
    private final EvaluationOptions options;
    private int[] labels;

    public Evaluator(LoadedModel model, Dataset dataset, SubwordTokenizer tokenizer, EvaluationOptions options) {
        this.model = model;
        this.dataset = dataset;
        this.tokenizer = tokenizer;
        this.options = options;
        Compatibility.check(model.metadata(), dataset, tokenizer);
    }

    /**
     * Everything about a direction that can be checked before a forward pass: the model fits the direction, the
     * batching fits the model, and, under {@link Untargeted#ERROR}, every entry of the range has a target (all that
     * lack one are listed). Returns the entries without a target under {@link Untargeted#SKIP} (not searched: empty).
     */
    public static List<SkippedEntry> preflight(ModelMetadata model, Dataset dataset, SubwordTokenizer tokenizer,
            EvaluationOptions options, Direction direction, List<Condition> conditions, int from, int to) {
        Compatibility.check(model, dataset, tokenizer);
        Compatibility.checkDirection(model, dataset, direction, conditions);
        if (from < 0 || to > dataset.entries().size() || from > to) {
            throw new IllegalArgumentException("example range [" + from + ", " + to + ") is outside the dataset's "
                    + dataset.entries().size() + " examples");
        }
        options.batching().resolve(model);
        if (options.untargeted() == Untargeted.SKIP) {
            return List.of();
        }
        List<SkippedEntry> missing = untargeted(dataset, tokenizer, direction, from, to);
        if (!missing.isEmpty()) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, missing.size() + (missing.size() == 1 ? " entry has" : " entries have")
                    + " no " + (direction == Direction.VIS4LANG ? "MLM" : "MRC") + " target in " + direction.wireName() + ": "
                    + String.join("; ", missing.stream().map(SkippedEntry::describe).toList())
                    + ". To evaluate the others and report these as skipped, use --untargeted skip"
                    + " (experiment option \"untargeted\": \"skip\")");
        }
        return missing;
    }

    /** The entries of {@code [from, to)} that have nothing to score in {@code direction}, in entry order. */
    public static List<SkippedEntry> untargeted(Dataset dataset, SubwordTokenizer tokenizer, Direction direction, int from, int to) {
        ExampleBuilder builder = new ExampleBuilder(tokenizer, dataset.maxSeqLength());
        List<SkippedEntry> missing = new ArrayList<>();
        ImageFeatures image = null;
        for (Entry entry : dataset.entries().subList(from, to)) {
            if (image == null || image.imageId() != entry.imageId()) {
                image = dataset.features().read(entry.imageId());
            }
            String why = ForwardPlanner.missingTarget(builder.build(entry, image), direction);
            if (why != null) {
                missing.add(SkippedEntry.of(entry, why));
            }
        }
        return missing;
    }

    /**
     * Gold class labels by example index (a class index of the dataset's class list, -1 for an example without one;
     * null: none at all). lang4vis then also scores MRC-XE against each example's label ({@link ExampleResult#labelNats()}).
     */
    public Evaluator labels(int[] labelByExample) {
        if (labelByExample != null && labelByExample.length != dataset.entries().size()) {
            throw new IllegalArgumentException("labels for " + labelByExample.length + " examples, but the dataset has "
                    + dataset.entries().size());
        }
        if (labelByExample != null) {
            for (int i = 0; i < labelByExample.length; i++) {
                if (labelByExample[i] < -1 || labelByExample[i] >= model.metadata().numClasses()) {
                    throw new XmodalException(ErrorCode.MALFORMED_DATA, "example " + i + ": gold label " + labelByExample[i]
                            + " is not a class index of the model's " + model.metadata().numClasses() + " classes");
                }
            }
        }
        this.labels = labelByExample;
        return this;
    }

    /** Evaluates examples {@code [from, to)} of the dataset under every condition, in entry order. */
    public EvaluationStats evaluate(Direction direction, List<Condition> conditions, int from, int to,
                                    EvaluationListener listener) {
        preflight(model.metadata(), dataset, tokenizer, options, direction, conditions, from, to);
        Batching batching = options.batching().resolve(model.metadata());
        Pass pass = new Pass(direction, conditions, listener);
        try {
            if (batching == Batching.PAPER) {
                pass.paper(from, to);
            } else {
                // exact: a batch-dependent model sees each example alone; any other gives the same values in any batch
                pass.mixed(from, to, batching == Batching.EXACT && model.metadata().batchDependent() ? 1 : options.batchSize());
            }
        } finally {
            // shutdown, not shutdownNow: interrupting a positioned read would close the dataset's shared channels
            pass.preparer.shutdown();
        }
        return new EvaluationStats(pass.done, pass.skipped, conditions.size(), pass.forwards, pass.calls, batching,
                pass.cancelled, System.nanoTime() - pass.start);
    }

    /** One evaluation of a direction over a range: its preparation thread, planner, scorer and counters. */
    private final class Pass {
        final long start = System.nanoTime();
        final Direction direction;
        final List<Condition> conditions;
        final EvaluationListener listener;
        final ForwardPlanner planner;
        final ExampleBuilder builder = new ExampleBuilder(tokenizer, dataset.maxSeqLength());
        final BatchScorer scorer = new BatchScorer(model, model.metadata().globalRow().rows(dataset.features().regionCount()));
        final ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "xmodal-prepare");
            t.setDaemon(true);
            return t;
        });
        long forwards;
        long calls;
        int done;
        int skipped;
        boolean cancelled;

        Pass(Direction direction, List<Condition> conditions, EvaluationListener listener) {
            this.direction = direction;
            this.conditions = conditions;
            this.listener = listener;
            this.planner = new ForwardPlanner(model.metadata(),
                    direction == Direction.VIS4LANG ? dataset.meanRegionFeature() : null, options.reuseForwards());
        }

        /** Chunks of {@code batchSize} examples; each example's distinct inputs go to the model in calls of {@code callSize}. */
        void mixed(int from, int to, int callSize) {
            int chunk = options.batchSize();
            CompletableFuture<List<ForwardPlanner.Plan>> next = prepare(from, Math.min(to, from + chunk));
            for (int chunkStart = from; chunkStart < to; chunkStart += chunk) {
                List<ForwardPlanner.Plan> plans = join(next);
                int nextStart = chunkStart + chunk;
                next = stopping() || nextStart >= to ? null : prepare(nextStart, Math.min(to, nextStart + chunk));
                if (cancelled) {
                    return;
                }
                List<ForwardPlanner.Plan> targeted = reportSkipped(plans);
                List<ForwardItem> items = new ArrayList<>();
                targeted.forEach(p -> items.addAll(p.items()));
                List<ItemScore> scores = new ArrayList<>(items.size());
                for (int b = 0; b < items.size(); b += callSize) {
                    scores.addAll(score(items.subList(b, Math.min(items.size(), b + callSize))));
                }
                List<ExampleResult> results = new ArrayList<>(targeted.size() * conditions.size());
                int offset = 0;
                for (ForwardPlanner.Plan plan : targeted) {
                    for (int c = 0; c < conditions.size(); c++) {
                        results.add(result(plan, c, scores.get(offset + plan.itemOf()[c])));
                    }
                    offset += plan.items().size();
                }
                done += plans.size();
                listener.onChunk(results, done, to - from);
            }
        }

        /**
         * The paper's batches: entries {@code [16k, 16k + 16)} of the split, one condition per model call. Entries of
         * a batch outside {@code [from, to)} or without a target are fed as the paper fed them; their scores are dropped.
         */
        void paper(int from, int to) {
            if (from >= to) {
                return;
            }
            int size = Batching.PAPER_BATCH;
            int first = from / size * size;
            int last = Math.min(dataset.entries().size(), (to + size - 1) / size * size);
            int span = size * Math.max(1, options.batchSize() / size);
            CompletableFuture<List<ForwardPlanner.Plan>> next = prepare(first, Math.min(last, first + span));
            for (int spanStart = first; spanStart < last; spanStart += span) {
                List<ForwardPlanner.Plan> plans = join(next);
                int nextStart = spanStart + span;
                next = stopping() || nextStart >= last ? null : prepare(nextStart, Math.min(last, nextStart + span));
                if (cancelled) {
                    return;
                }
                List<ForwardPlanner.Plan> inRange = plans.stream()
                        .filter(p -> p.example().entry().index() >= from && p.example().entry().index() < to).toList();
                reportSkipped(inRange);
                List<ExampleResult> results = new ArrayList<>();
                for (int b = 0; b < plans.size(); b += size) {
                    results.addAll(paperBatch(plans.subList(b, Math.min(plans.size(), b + size)), from, to));
                }
                done += inRange.size();
                listener.onChunk(results, done, to - from);
            }
        }

        /** One paper batch under every condition; a condition whose inputs equal an earlier one's reuses its call. */
        private List<ExampleResult> paperBatch(List<ForwardPlanner.Plan> batch, int from, int to) {
            List<List<ItemScore>> byCondition = new ArrayList<>(conditions.size());
            Map<String, List<ItemScore>> byInputs = new HashMap<>();
            for (int c = 0; c < conditions.size(); c++) {
                int condition = c;
                String key = options.reuseForwards()
                        ? Arrays.toString(batch.stream().mapToInt(p -> p.itemOf()[condition]).toArray()) : Integer.toString(c);
                byCondition.add(byInputs.computeIfAbsent(key,
                        k -> score(batch.stream().map(p -> p.items().get(p.itemOf()[condition])).toList())));
            }
            List<ExampleResult> results = new ArrayList<>();
            for (int b = 0; b < batch.size(); b++) {
                ForwardPlanner.Plan plan = batch.get(b);
                int index = plan.example().entry().index();
                if (plan.targeted() && index >= from && index < to) {
                    for (int c = 0; c < conditions.size(); c++) {
                        results.add(result(plan, c, byCondition.get(c).get(b)));
                    }
                }
            }
            return results;
        }

        private List<ItemScore> score(List<ForwardItem> items) {
            forwards += items.size();
            calls++;
            return scorer.score(items, direction);
        }

        /** Tells the listener about the plans without a target and returns the others. */
        private List<ForwardPlanner.Plan> reportSkipped(List<ForwardPlanner.Plan> plans) {
            List<SkippedEntry> missing = plans.stream().filter(p -> !p.targeted())
                    .map(p -> SkippedEntry.of(p.example().entry(), p.missingTarget())).toList();
            if (!missing.isEmpty()) {
                skipped += missing.size();
                listener.onSkipped(missing);
            }
            return plans.stream().filter(ForwardPlanner.Plan::targeted).toList();
        }

        private boolean stopping() {
            cancelled = listener.cancelled();
            return cancelled;
        }

        private CompletableFuture<List<ForwardPlanner.Plan>> prepare(int chunkStart, int chunkEnd) {
            return CompletableFuture.supplyAsync(() -> {
                Map<Long, ImageFeatures> images = new HashMap<>();
                List<ForwardPlanner.Plan> plans = new ArrayList<>(chunkEnd - chunkStart);
                for (Entry entry : dataset.entries().subList(chunkStart, chunkEnd)) {
                    ImageFeatures image = images.computeIfAbsent(entry.imageId(), dataset.features()::read);
                    Example example = builder.build(entry, image);
                    plans.add(planner.plan(example, direction, conditions, labels == null ? -1 : labels[entry.index()]));
                }
                return plans;
            }, preparer);
        }

        private ExampleResult result(ForwardPlanner.Plan plan, int c, ItemScore score) {
            Condition condition = conditions.get(c);
            if (!Float.isFinite(score.loss())
                    || (condition.direction() == Direction.LANG4VIS && !Float.isFinite(score.secondary()))
                    || Float.isInfinite(score.label())) {
                throw new XmodalException(ErrorCode.MODEL_OUTPUT_INVALID, "model " + model.metadata().name()
                        + " gave a non-finite loss (" + score.loss() + ") for example " + plan.example().entry().index()
                        + " (image " + plan.example().entry().imageId() + ") under " + condition.direction()
                        + " " + condition + ": its outputs contain NaN or Inf");
            }
            return new ExampleResult(plan.example().entry().index(), condition, score.loss(), score.secondary(),
                    plan.targetRegion(), plan.ablated()[c], score.predicted(), score.label());
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
