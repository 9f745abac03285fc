package org.xmodal.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.xmodal.ablation.Direction;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Runs one batch of forward items through a model and scores it on the model's device: only the scored rows
 * (masked positions, target regions) leave the device, never the full logits.
 */
final class BatchScorer {
    private final LoadedModel model;
    private final int visualRows;
    private final int featureSize;
    private final int locations;

    BatchScorer(LoadedModel model, int visualRows) {
        this.model = model;
        this.visualRows = visualRows;
        this.featureSize = model.metadata().featureSize();
        this.locations = model.metadata().numLocations();
    }

    List<ItemScore> score(List<ForwardItem> items, Direction direction) {
        try (NDManager manager = model.newBatchManager()) {
            NDList outputs = model.forward(manager, inputs(manager, items));
            if (outputs.size() < 2) {
                throw invalid("returned " + outputs.size() + " outputs; the contract needs (text_logits, region_logits)");
            }
            return direction == Direction.VIS4LANG
                    ? scoreText(manager, outputs.get(0), items)
                    : scoreRegions(manager, outputs.get(1), items);
        }
    }

    private NDList inputs(NDManager manager, List<ForwardItem> items) {
        int batch = items.size();
        int length = items.get(0).text().inputIds().length;
        long[] ids = new long[batch * length];
        long[] attention = new long[batch * length];
        float[] features = new float[batch * visualRows * featureSize];
        float[] locs = new float[batch * visualRows * locations];
        for (int b = 0; b < batch; b++) {
            ForwardItem item = items.get(b);
            System.arraycopy(item.text().inputIds(), 0, ids, b * length, length);
            System.arraycopy(item.text().attentionMask(), 0, attention, b * length, length);
            System.arraycopy(item.imageRows(), 0, features, b * visualRows * featureSize, visualRows * featureSize);
            System.arraycopy(item.locations(), 0, locs, b * visualRows * locations, visualRows * locations);
        }
        long[] imageMask = new long[batch * visualRows];
        java.util.Arrays.fill(imageMask, 1L);
        return new NDList(
                manager.create(ids, new Shape(batch, length)),
                manager.zeros(new Shape(batch, length), DataType.INT64),
                manager.create(attention, new Shape(batch, length)),
                manager.create(features, new Shape(batch, visualRows, featureSize)),
                manager.create(locs, new Shape(batch, visualRows, locations)),
                manager.create(imageMask, new Shape(batch, visualRows)));
    }

    private List<ItemScore> scoreText(NDManager manager, NDArray logits, List<ForwardItem> items) {
        int batch = items.size();
        int length = items.get(0).text().inputIds().length;
        int vocab = model.metadata().vocabSize();
        requireShape(logits, "text_logits", new Shape(batch, length, vocab), "[B, L, vocabSize]");
        List<int[]> positions = new ArrayList<>(batch);
        List<Long> flat = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int[] targets = items.get(b).text().targetPositions();
            positions.add(targets);
            for (int p : targets) {
                flat.add((long) b * length + p);
                labels.add(items.get(b).text().labels()[p]);
            }
        }
        if (flat.isEmpty()) { // only fillers without a target (paper batching): nothing to score
            return positions.stream().map(p -> new ItemScore(Float.NaN, Float.NaN, new long[0])).toList();
        }
        NDArray rows = logits.reshape(batch * (long) length, vocab).get(manager.create(toArray(flat)));
        NDArray logProbs = rows.logSoftmax(1);
        float[] nll = logProbs.gather(manager.create(toArray(labels)).reshape(-1, 1), 1).neg().toFloatArray();
        long[] argmax = rows.argMax(1).toLongArray();
        List<ItemScore> scores = new ArrayList<>(batch);
        int k = 0;
        for (int[] targets : positions) {
            float sum = 0f;
            long[] predicted = new long[targets.length];
            for (int t = 0; t < targets.length; t++, k++) {
                sum += nll[k];
                predicted[t] = argmax[k];
            }
            scores.add(new ItemScore(sum / targets.length, Float.NaN, predicted));
        }
        return scores;
    }

    private List<ItemScore> scoreRegions(NDManager manager, NDArray logits, List<ForwardItem> items) {
        int batch = items.size();
        int classes = model.metadata().numClasses();
        requireShape(logits, "region_logits", new Shape(batch, visualRows, classes), "[B, R', numClasses]");
        long[] flat = new long[batch];
        long[] xeLabels = new long[batch];
        float[] probs = new float[batch * classes];
        for (int b = 0; b < batch; b++) {
            ForwardItem item = items.get(b);
            flat[b] = (long) b * visualRows + item.targetRow();
            xeLabels[b] = item.xeLabel();
            System.arraycopy(item.classProb(), 0, probs, b * classes, classes);
        }
        NDArray rows = logits.reshape(batch * (long) visualRows, classes).get(manager.create(flat));
        NDArray logQ = rows.logSoftmax(1);
        NDArray p = manager.create(probs, new Shape(batch, classes));
        // terms with p = 0 are 0 by definition (0 log 0 = 0); where() keeps them from turning into NaN
        NDArray terms = NDArrays.where(p.gt(0f), p.mul(p.log().sub(logQ)), manager.zeros(p.getShape()));
        float[] kl = terms.sum(new int[] {1}).toFloatArray();
        float[] xe = logQ.gather(manager.create(xeLabels).reshape(-1, 1), 1).neg().toFloatArray();
        // MRC-XE against the gold label where an example has one (-1: none; class 0 is gathered and dropped)
        long[] goldLabels = new long[batch];
        boolean anyGold = false;
        for (int b = 0; b < batch; b++) {
            goldLabels[b] = Math.max(0, items.get(b).goldLabel());
            anyGold |= items.get(b).goldLabel() >= 0;
        }
        float[] gold = anyGold ? logQ.gather(manager.create(goldLabels).reshape(-1, 1), 1).neg().toFloatArray() : null;
        long[] argmax = rows.argMax(1).toLongArray();
        List<ItemScore> scores = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            scores.add(new ItemScore(kl[b], xe[b], new long[] {argmax[b]},
                    items.get(b).goldLabel() >= 0 ? gold[b] : Float.NaN));
        }
        return scores;
    }

    private void requireShape(NDArray array, String name, Shape expected, String contract) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw invalid("returned " + name + " of type " + array.getDataType() + " where the contract needs float32");
        }
        if (!array.getShape().equals(expected)) {
            throw invalid("returned " + name + " of shape " + array.getShape() + " where the contract needs "
                    + contract + " = " + expected);
        }
    }

    private XmodalException invalid(String what) {
        return new XmodalException(ErrorCode.MODEL_OUTPUT_INVALID, "model " + model.metadata().name() + " " + what);
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
