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
        setThreads(threads);
    }

    /**
     * Sets libtorch's intra-op threads ({@code null}: every core) and one inter-op thread. Left to itself inside a
     * long-running server, libtorch ran the demo models 3× slower on 2 cores than with the threads set explicitly.
     */
    static void setThreads(Integer threads) {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}
