package org.xmodal.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database takes writes: a node that can read but not write would answer every change with 503. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {
    private final DatabaseWatch watch;

    public DatabaseReadiness(DatabaseWatch watch) {
        this.watch = watch;
    }

    @Override
    public HealthCheckResponse call() {
        DatabaseState state = watch.current();
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("database writes").status(state.writable())
                .withData("database", state.health().word())
                .withData("checkedAt", state.checkedAt().toString());
        return state.writable() ? answer.build() : answer.withData("reason", state.reason()).build();
    }
}
