package org.xmodal.platform;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many times this JVM started its embedded PostgreSQL again after the server died. Kept outside CDI: the
 * database starts before the application, and its supervisor lives outside it; {@link DatabaseRestartMetrics}
 * reads it for Prometheus.
 */
public final class DatabaseRestarts {
    private static final AtomicLong COUNT = new AtomicLong();

    private DatabaseRestarts() {
    }

    static void record() {
        COUNT.incrementAndGet();
    }

    public static long count() {
        return COUNT.get();
    }
}
