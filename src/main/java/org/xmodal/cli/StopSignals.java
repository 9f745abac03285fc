package org.xmodal.cli;

import io.quarkus.runtime.Quarkus;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGTERM (a service manager, Slurm, Kubernetes) and SIGINT (Ctrl-C) stop a node in order and exit 0: the shards in
 * flight commit their chunk and go back to the queue, then the database stops. The JVM's own handling would exit
 * 143 or 130 and run every shutdown hook at once. A second signal stops at once.
 */
final class StopSignals {
    private static final AtomicBoolean STOPPING = new AtomicBoolean();
    private static volatile Thread client;

    private StopSignals() {
    }

    static void install() {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (STOPPING.compareAndSet(false, true)) {
                        Thread waiting = client;
                        if (waiting != null) {
                            waiting.interrupt();
                        }
                        Quarkus.asyncExit(0);
                    } else {
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    }
                });
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have
            }
        }
    }

    /** Whether a stop was asked for. */
    static boolean stopping() {
        return STOPPING.get();
    }

    /** The thread running the node's own client (the demo): interrupted on a stop, so that it ends quietly. */
    static void clientThread(Thread thread) {
        client = thread;
    }
}
