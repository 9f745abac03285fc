package org.xmodal.cli;

import picocli.CommandLine.Option;

/** Options shared by every command that runs a model: the device and the engine's CPU threads. */
final class EngineOptions {
    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", description = "CPU threads for the PyTorch engine (default: all cores).")
    Integer threads;

    /** DJL reads its thread settings from system properties once, when the engine first loads. */
    void applyBeforeEngineLoads() {
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
