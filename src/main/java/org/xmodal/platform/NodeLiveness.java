package org.xmodal.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the process answers. The database is deliberately left out: a node waits for its database to come
 * back (readiness is down meanwhile), and restarting the node would not bring the database back sooner.
 */
@Liveness
@ApplicationScoped
public class NodeLiveness implements HealthCheck {
    private final DatabaseWatch watch;

    public NodeLiveness(DatabaseWatch watch) {
        this.watch = watch;
    }

    @Override
    public HealthCheckResponse call() {
        DatabaseState last = watch.lastKnown();
        return HealthCheckResponse.named("node").up()
                .withData("database", last.health().word() + " (as last probed; readiness reports it, liveness does not depend on it)")
                .build();
    }
}
