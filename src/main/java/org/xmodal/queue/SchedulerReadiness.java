package org.xmodal.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.xmodal.platform.XmodalConfig;

/**
 * Ready only while this node's Quartz scheduler runs, when it should: a worker node whose scheduler is shut down or
 * in standby takes no shards. An API-only node's scheduler is halted on purpose (it only enqueues), so it is ready.
 */
@Readiness
@ApplicationScoped
public class SchedulerReadiness implements HealthCheck {
    private final Scheduler quartz;
    private final boolean worker;

    @Inject
    public SchedulerReadiness(Scheduler quartz, XmodalConfig config) {
        this(quartz, config.worker().enabled());
    }

    SchedulerReadiness(Scheduler quartz, boolean worker) {
        this.quartz = quartz;
        this.worker = worker;
    }

    @Override
    public HealthCheckResponse call() {
        String state = state();
        boolean running = "running".equals(state);
        return HealthCheckResponse.named("scheduler").status(running || !worker)
                .withData("scheduler", state)
                .withData("node", worker ? "worker: executes shards" : "API-only: enqueues shards, other nodes execute them")
                .build();
    }

    private String state() {
        try {
            return quartz.isShutdown() ? "shut down"
                    : !quartz.isStarted() ? "not started"
                    : quartz.isInStandbyMode() ? "in standby"
                    : "running";
        } catch (SchedulerException e) {
            return "unknown: " + e.getMessage();
        }
    }
}
