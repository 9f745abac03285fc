package org.xmodal.platform;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Prometheus counter {@code xmodal_database_restarts_total}: restarts of the embedded PostgreSQL after it died. */
@ApplicationScoped
public class DatabaseRestartMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        FunctionCounter.builder("xmodal.database.restarts", this, metrics -> DatabaseRestarts.count())
                .description("Restarts of the embedded PostgreSQL by this node after the server died").register(registry);
    }
}
