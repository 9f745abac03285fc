package org.xmodal.evaluation;

import java.util.ArrayList;
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
import org.xmodal.data.ExampleBuilder;
import org.xmodal.data.ImageFeatures;
import org.xmodal.data.SubwordTokenizer;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * The one-pass engine: evaluates every condition of a direction in a single pass over a range of examples.
 * Each example is read, tokenised and aligned once; its conditions' distinct inputs are batched together; the
 * next chunk is prepared on a second thread while the model runs the current one.
 */
public final class Evaluator {
    private final LoadedModel model;
    private final Dataset dataset;
    private final SubwordTokenizer tokenizer;
    private final EvaluationOptions options;

    public Evaluator(LoadedModel model, Dataset dataset, SubwordTokenizer tokenizer, EvaluationOptions options) {
        this.model = model;
        this.dataset = dataset;
        this.tokenizer = tokenizer;
        this.options = options;
        Compatibility.check(model.metadata(), dataset, tokenizer);
    }

    /** Evaluates examples {@code [from, to)} of the dataset under every condition, in entry order. */
    public EvaluationStats evaluate(Direction direction, List<Condition> conditions, int from, int to,
                                    EvaluationListener listener) {
        Compatibility.checkDirection(model.metadata(), dataset, direction, conditions);
        if (from < 0 || to > dataset.entries().size() || from > to) {
            throw new IllegalArgumentException("example range [" + from + ", " + to + ") is outside the dataset's "
                    + dataset.entries().size() + " examples");
        }
        long start = System.nanoTime();
        ForwardPlanner planner = new ForwardPlanner(model.metadata(),
                direction == Direction.VIS4LANG ? dataset.meanRegionFeature() : null, options.reuseForwards());
        ExampleBuilder builder = new ExampleBuilder(tokenizer, dataset.maxSeqLength());
        BatchScorer scorer = new BatchScorer(model, model.metadata().globalRow().rows(dataset.features().regionCount()));
        long forwards = 0;
        long calls = 0;
        int done = 0;
        boolean cancelled = false;
        ExecutorService preparer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "xmodal-prepare");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<List<ForwardPlanner.Plan>> next = prepare(preparer, planner, builder, direction, conditions, from, to);
            for (int chunkStart = from; chunkStart < to; chunkStart += options.batchSize()) {
                List<ForwardPlanner.Plan> plans = join(next);
                int nextStart = chunkStart + options.batchSize();
                cancelled = listener.cancelled();
                next = cancelled || nextStart >= to ? null
                        : prepare(preparer, planner, builder, direction, conditions, nextStart, to);
                if (cancelled) {
                    break;
                }
                List<ForwardItem> items = new ArrayList<>();
                plans.forEach(p -> items.addAll(p.items()));
                List<ItemScore> scores = new ArrayList<>(items.size());
                for (int b = 0; b < items.size(); b += options.batchSize()) {
                    scores.addAll(scorer.score(items.subList(b, Math.min(items.size(), b + options.batchSize())), direction));
                    calls++;
                }
                forwards += items.size();
                done += plans.size();
                listener.onChunk(results(plans, scores, conditions), done, to - from);
            }
        } finally {
            // shutdown, not shutdownNow: interrupting a positioned read would close the dataset's shared channels
            preparer.shutdown();
        }
        return new EvaluationStats(done, conditions.size(), forwards, calls, cancelled, System.nanoTime() - start);
    }

    private CompletableFuture<List<ForwardPlanner.Plan>> prepare(ExecutorService executor, ForwardPlanner planner,
            ExampleBuilder builder, Direction direction, List<Condition> conditions, int chunkStart, int to) {
        int chunkEnd = Math.min(to, chunkStart + options.batchSize());
        return CompletableFuture.supplyAsync(() -> {
            Map<Long, ImageFeatures> images = new HashMap<>();
            List<ForwardPlanner.Plan> plans = new ArrayList<>(chunkEnd - chunkStart);
            for (Entry entry : dataset.entries().subList(chunkStart, chunkEnd)) {
                ImageFeatures image = images.computeIfAbsent(entry.imageId(), dataset.features()::read);
                plans.add(planner.plan(builder.build(entry, image), direction, conditions));
            }
            return plans;
        }, executor);
    }

    private List<ExampleResult> results(List<ForwardPlanner.Plan> plans, List<ItemScore> scores, List<Condition> conditions) {
        List<ExampleResult> results = new ArrayList<>(plans.size() * conditions.size());
        int offset = 0;
        for (ForwardPlanner.Plan plan : plans) {
            for (int c = 0; c < conditions.size(); c++) {
                ItemScore score = scores.get(offset + plan.itemOf()[c]);
                if (!Float.isFinite(score.loss())
                        || (conditions.get(c).direction() == Direction.LANG4VIS && !Float.isFinite(score.secondary()))) {
                    throw new XmodalException(ErrorCode.MODEL_OUTPUT_INVALID, "model " + model.metadata().name()
                            + " gave a non-finite loss (" + score.loss() + ") for example " + plan.example().entry().index()
                            + " (image " + plan.example().entry().imageId() + ") under " + conditions.get(c).direction()
                            + " " + conditions.get(c) + ": its outputs contain NaN or Inf");
                }
                results.add(new ExampleResult(plan.example().entry().index(), conditions.get(c), score.loss(),
                        score.secondary(), plan.targetRegion(), plan.ablated()[c], score.predicted()));
            }
            offset += plan.items().size();
        }
        return results;
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
