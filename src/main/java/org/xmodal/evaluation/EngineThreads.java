package org.xmodal.evaluation;

/**
 * libtorch's CPU threads, which DJL reads from system properties once, when its engine first loads. Left to its
 * own default inside a long-running server, libtorch ran the demo models about 3× slower on 2 cores than with
 * every core for intra-op work and one inter-op thread.
 */
public final class EngineThreads {
    private static final String INTRA = "ai.djl.pytorch.num_threads";
    private static final String INTER = "ai.djl.pytorch.num_interop_threads";

    private EngineThreads() {
    }

    /** Uses {@code threads} intra-op threads ({@code null}: every core) and one inter-op thread. */
    public static void use(Integer threads) {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        System.setProperty(INTRA, Integer.toString(n));
        System.setProperty(INTER, "1");
    }

    /** The same default, unless threads were already chosen (by a command-line option or a system property). */
    public static void useDefaultUnlessSet() {
        if (System.getProperty(INTRA) == null) {
            use(null);
        }
    }
}
