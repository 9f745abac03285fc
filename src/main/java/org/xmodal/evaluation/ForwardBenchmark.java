package org.xmodal.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Measures raw forward throughput of a loaded model on fixed random inputs of the contract's shapes, and the
 * device's peak matmul rate in the same libtorch, so that engine overhead and hardware use can be reported.
 */
public final class ForwardBenchmark {
    private ForwardBenchmark() {
    }

    /** Result of a timing: milliseconds per call (median of the measured calls). */
    public record Timing(double medianMillis, double meanMillis, int calls) {
    }

    /** Times {@code calls} forward passes of a batch {@code [batch, length]} text, {@code [batch, rows]} image. */
    public static Timing forward(LoadedModel model, int batch, int length, int rows, int warmup, int calls) {
        ModelMetadata m = model.metadata();
        try (NDManager manager = model.newBatchManager()) {
            manager.getEngine().setRandomSeed(7);
            NDArray ids = manager.randomInteger(5, Math.min(m.vocabSize(), 1000), new Shape(batch, length), DataType.INT64);
            NDList inputs = new NDList(ids,
                    manager.zeros(new Shape(batch, length), DataType.INT64),
                    manager.ones(new Shape(batch, length), DataType.INT64),
                    manager.randomNormal(new Shape(batch, rows, m.featureSize())),
                    manager.randomUniform(0f, 1f, new Shape(batch, rows, m.numLocations())),
                    manager.ones(new Shape(batch, rows), DataType.INT64));
            return time(warmup, calls, () -> {
                try (NDManager step = manager.newSubManager()) {
                    NDList out = model.forward(step, inputs);
                    out.attach(step); // outputs belong to the inputs' manager; free them with this step
                    out.get(0).get(0, 0, 0).getFloat(); // wait for the device
                }
            });
        }
    }

    /** Times an {@code n x n} float32 matmul on the model's device; returns its FLOP/s. */
    public static double peakMatmulFlops(LoadedModel model, int n, int warmup, int calls) {
        try (NDManager manager = model.newBatchManager()) {
            NDArray a = manager.randomNormal(new Shape(n, n));
            NDArray b = manager.randomNormal(new Shape(n, n));
            Timing t = time(warmup, calls, () -> {
                try (NDArray c = a.matMul(b)) {
                    c.get(0, 0).getFloat();
                }
            });
            return 2.0 * n * n * n / (t.medianMillis() / 1000.0);
        }
    }

    private static Timing time(int warmup, int calls, Runnable call) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        double[] millis = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            call.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Timing(sorted[calls / 2], Arrays.stream(millis).average().orElse(Double.NaN), calls);
    }
}
