package org.xmodal.evaluation;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.ablation.EncodedText;
import org.xmodal.ablation.GlobalRow;
import org.xmodal.ablation.ImageRows;
import org.xmodal.data.Example;
import org.xmodal.data.ImageFeatures;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Decides, for one example, the forward passes that all conditions of a direction need: it applies each
 * condition's ablation and keeps one forward item per distinct input, so conditions with equal inputs (an
 * {@code object@t} that ablates the same regions as another, or none; identical text variants; any visual
 * ablation of a text-only model) share one output.
 */
final class ForwardPlanner {
    private final ModelMetadata model;
    private final float[] datasetMean;
    private final boolean reuse;

    ForwardPlanner(ModelMetadata model, float[] datasetMean, boolean reuse) {
        this.model = model;
        this.datasetMean = datasetMean;
        this.reuse = reuse;
    }

    /**
     * Forward items of one example, and for each condition the item it reads and what it ablated. An example without
     * a target in the direction ({@code missingTarget} says why) still has items, so it can fill a paper batch.
     */
    record Plan(Example example, List<ForwardItem> items, int[] itemOf, int[] ablated, int targetRegion, String missingTarget) {
        boolean targeted() {
            return missingTarget == null;
        }
    }

    /** Why an example has nothing to score in {@code direction}, or null when it has a target. */
    static String missingTarget(Example example, Direction direction) {
        if (direction == Direction.VIS4LANG) {
            return example.hasMlmTarget() ? null : "the phrase starts at subword " + example.phraseFrom() + ", beyond the "
                    + (example.maxSeqLength() - 2) + " subwords kept by maxSeqLength " + example.maxSeqLength()
                    + ", so it has no MLM target";
        }
        return lang4visTarget(example) >= 0 ? null
                : "no detector region has IoT > 0.5 with the phrase's boxes, so it has no MRC target";
    }

    private static int lang4visTarget(Example example) {
        return example.alignment().target(example.alignment().alignedAbove(Condition.HEADLINE_THRESHOLD));
    }

    Plan plan(Example example, Direction direction, List<Condition> conditions) {
        return plan(example, direction, conditions, -1);
    }

    /** As {@link #plan(Example, Direction, List)}; lang4vis items also carry the example's gold class label (-1: none). */
    Plan plan(Example example, Direction direction, List<Condition> conditions, int goldLabel) {
        return direction == Direction.VIS4LANG ? vis4lang(example, conditions) : lang4vis(example, conditions, goldLabel);
    }

    private Plan vis4lang(Example example, List<Condition> conditions) {
        ImageFeatures image = example.image();
        GlobalRow global = model.globalRow();
        EncodedText text = example.phraseMasked();
        float[] locations = locations(image);
        DistinctItems items = new DistinctItems();
        int[] itemOf = new int[conditions.size()];
        int[] ablatedCounts = new int[conditions.size()];
        for (int c = 0; c < conditions.size(); c++) {
            BitSet ablated = example.alignment().alignedAbove(conditions.get(c).threshold());
            ablatedCounts[c] = ablated.cardinality();
            Object key = !reuse ? c : model.textOnly() ? "text-only" : ablated;
            itemOf[c] = items.indexOf(key, () -> ForwardItem.mlm(text, ImageRows.vis4lang(image.features(),
                    model.featureSize(), ablated, datasetMean, global), locations));
        }
        return new Plan(example, items.list, itemOf, ablatedCounts, -1, missingTarget(example, Direction.VIS4LANG));
    }

    private Plan lang4vis(Example example, List<Condition> conditions, int goldLabel) {
        ImageFeatures image = example.image();
        GlobalRow global = model.globalRow();
        BitSet ablated = example.alignment().alignedAbove(Condition.HEADLINE_THRESHOLD);
        int found = example.alignment().target(ablated);
        // without a target nothing is ablated; region 0 stands in as the scored row of a filler whose score is dropped
        int target = Math.max(found, 0);
        int featureSize = model.featureSize();
        float[] rows = ImageRows.lang4vis(image.features(), featureSize, ablated,
                ImageRows.originalGlobal(image.features(), featureSize), global);
        float[] locations = locations(image);
        float[] classProb = image.classProb(target);
        if (found >= 0) {
            requireDistribution(classProb, example, target);
        }
        int xeLabel = foregroundArgmax(classProb);
        DistinctItems items = new DistinctItems();
        int[] itemOf = new int[conditions.size()];
        int[] ablatedCounts = new int[conditions.size()];
        for (int c = 0; c < conditions.size(); c++) {
            EncodedText text = switch (conditions.get(c).kind()) {
                case NONE -> example.unmasked();
                case PHRASE -> example.phraseMasked();
                case ALL -> example.allMasked();
                case OBJECT -> throw new IllegalArgumentException("object@t is a vis4lang condition");
            };
            ablatedCounts[c] = ablated.cardinality();
            Object key = reuse ? LongBuffer.wrap(text.inputIds()) : c;
            itemOf[c] = items.indexOf(key, () -> new ForwardItem(text, rows, locations, global.rowOf(target),
                    classProb, xeLabel, goldLabel));
        }
        return new Plan(example, items.list, itemOf, ablatedCounts, found,
                found >= 0 ? null : missingTarget(example, Direction.LANG4VIS));
    }

    private float[] locations(ImageFeatures image) {
        return ImageRows.locations(image.boxes(), image.width(), image.height(), model.numLocations(), model.globalRow());
    }

    /** The forward items of one example, one per distinct key, in first-seen order. */
    private static final class DistinctItems {
        private final Map<Object, Integer> seen = new HashMap<>();
        private final List<ForwardItem> list = new ArrayList<>();

        int indexOf(Object key, Supplier<ForwardItem> item) {
            return seen.computeIfAbsent(key, k -> {
                list.add(item.get());
                return list.size() - 1;
            });
        }
    }

    private static void requireDistribution(float[] classProb, Example example, int region) {
        for (float p : classProb) {
            if (!(p >= 0f) || Float.isInfinite(p)) {
                throw new XmodalException(ErrorCode.MALFORMED_DATA, "image " + example.entry().imageId() + ", region "
                        + region + ": the detector's class distribution holds " + p + " (cls_prob must be finite and >= 0)");
            }
        }
    }

    /** The detector's top foreground class, as an index into the full class space (background is 0). */
    static int foregroundArgmax(float[] classProb) {
        int best = 1;
        for (int c = 2; c < classProb.length; c++) {
            if (classProb[c] > classProb[best]) {
                best = c;
            }
        }
        return best;
    }
}
