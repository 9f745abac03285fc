package org.xmodal.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xmodal.evaluation.DeviceSpec;
import org.xmodal.evaluation.ForwardBenchmark;
import org.xmodal.evaluation.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xmodal benchmark}: forward throughput of a model and the device's peak matmul rate, as key=value lines. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Time forward passes of a model on random inputs of the contract's shapes, and a large matmul.")
public final class BenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--model", required = true, description = "Model metadata file <name>.json.")
    Path model;

    @Option(names = "--batch-size", defaultValue = "32")
    int batch;

    @Option(names = "--length", defaultValue = "38", description = "Text length L (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--rows", defaultValue = "17", description = "Visual rows R' (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--calls", defaultValue = "30")
    int calls;

    @Option(names = "--warmup", defaultValue = "5")
    int warmup;

    @Option(names = "--matmul", defaultValue = "0", description = "Also time an NxN matmul (0: skip).")
    int matmul;



    @Override
    public Integer call() {
        engine.applyBeforeEngineLoads();
        try (LoadedModel loaded = LoadedModel.load(model, DeviceSpec.parse(engine.device))) {
            ForwardBenchmark.Timing t = ForwardBenchmark.forward(loaded, batch, length, rows, warmup, calls);
            var out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "forward_ms_median=%.3f%nforward_ms_mean=%.3f%nforward_per_s=%.1f%n",
                    t.medianMillis(), t.meanMillis(), batch * 1000.0 / t.medianMillis());
            if (matmul > 0) {
                out.printf(Locale.ROOT, "matmul_gflops=%.2f%n", ForwardBenchmark.peakMatmulFlops(loaded, matmul, 3, 10) / 1e9);
            }
            out.flush();
        }
        return 0;
    }
}
