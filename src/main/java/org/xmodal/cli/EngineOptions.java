package org.xmodal.cli;

import org.xmodal.evaluation.EngineThreads;
import picocli.CommandLine.Option;

/** Options shared by every command that runs a model: the device and the engine's CPU threads. */
final class EngineOptions {
    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", description = "CPU threads for the PyTorch engine (default: all cores).")
    Integer threads;

    /** DJL reads its thread settings from system properties once, when the engine first loads. */
    void applyBeforeEngineLoads() {
        EngineThreads.use(threads);
    }
}
