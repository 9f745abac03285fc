package org.xmodal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.UUID;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/** A worker node is ready only while its scheduler runs; an API-only node's scheduler is halted on purpose. */
class SchedulerReadinessTest {
    private final Scheduler quartz = newScheduler();

    @AfterEach
    void shutDown() throws SchedulerException {
        quartz.shutdown();
    }

    @Test
    void aWorkerNodeIsReadyOnlyWhileItsSchedulerRuns() throws SchedulerException {
        SchedulerReadiness worker = new SchedulerReadiness(quartz, true);
        assertDown(worker.call(), "not started");
        quartz.start();
        HealthCheckResponse running = worker.call();
        assertThat(running.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(running.getData().orElseThrow()).containsEntry("scheduler", "running");
        quartz.standby();
        assertDown(worker.call(), "in standby");
        quartz.shutdown();
        assertDown(worker.call(), "shut down");
    }

    @Test
    void anApiOnlyNodeWithAHaltedSchedulerIsReadyAndSaysWhy() {
        HealthCheckResponse answer = new SchedulerReadiness(quartz, false).call();
        assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(answer.getData().orElseThrow()).containsEntry("scheduler", "not started")
                .hasEntrySatisfying("node", node -> assertThat(node.toString()).startsWith("API-only"));
    }

    private static void assertDown(HealthCheckResponse answer, String state) {
        assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(answer.getData().orElseThrow()).containsEntry("scheduler", state);
    }

    /** A real Quartz scheduler in memory, named uniquely so that it never meets the application's in the same JVM. */
    private static Scheduler newScheduler() {
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", "readiness-" + UUID.randomUUID());
        properties.setProperty("org.quartz.threadPool.threadCount", "1");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        try {
            return new StdSchedulerFactory(properties).getScheduler();
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }
}
