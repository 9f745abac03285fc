package org.xmodal.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.PostgresResource;

/**
 * {@code /q/metrics} as a Prometheus server and promtool read it: parseable, and every xmodal meter described. The
 * reaper sleeps in this profile: it would queue the stale lease that the lease-age test sets up again at once.
 */
@QuarkusTest
@TestProfile(MetricsExpositionTest.ReaperAsleep.class)
@WithTestResource(PostgresResource.class)
class MetricsExpositionTest {
    public static final class ReaperAsleep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xmodal.worker.reaper-interval", "1h");
        }
    }

    @Inject
    EntityManager em;

    @Test
    void everyXmodalMeterHasAHelpText() {
        String page = page();
        List<String> families = page.lines().filter(l -> l.startsWith("# TYPE xmodal_")).map(l -> l.split(" ")[2]).toList();
        assertThat(families).contains("xmodal_database_up", "xmodal_database_reconnects_total", "xmodal_lease_oldest_age_seconds",
                "xmodal_examples_evaluated_total", "xmodal_shard_failures_total", "xmodal_queue_depth", "xmodal_shards_running",
                "xmodal_shard_retries_total", "xmodal_reaper_requeues_total", "xmodal_chunk_commit_retries_total");
        for (String family : families) {
            assertThat(page.lines().filter(l -> l.startsWith("# HELP " + family + " ")).findFirst())
                    .as("the HELP line of " + family).hasValueSatisfying(help -> assertThat(help.substring(8 + family.length())).isNotBlank());
        }
        assertThat(page.lines().filter(l -> l.startsWith("# HELP xmodal_")))
                .allSatisfy(help -> assertThat(help.split(" ", 4)).hasSize(4).satisfies(parts -> assertThat(parts[3]).isNotBlank()));
        // the classic text format has no escaped quote: one would make Prometheus's parsers reject the whole page
        assertThat(page.lines().filter(l -> l.startsWith("# HELP "))).noneMatch(l -> l.contains("\\\""));
    }

    /** A client that prefers OpenMetrics gets it; its HELP texts still read in the classic format (no escaped quote). */
    @Test
    void theOpenMetricsAnswerHasNoQuoteThatOnlyOpenMetricsCanRead() {
        String page = given().accept("application/openmetrics-text; version=1.0.0, */*; q=0.1").get("/q/metrics").then().statusCode(200)
                .contentType(startsWith("application/openmetrics-text")).extract().asString();
        assertThat(page.lines().filter(l -> l.startsWith("# HELP "))).isNotEmpty().noneMatch(l -> l.contains("\\\""));
    }

    @Test
    void promtoolAcceptsThePage() throws IOException, InterruptedException {
        Optional<Path> promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(promtool.isPresent(), "promtool not installed (apt-get install prometheus)");
        Process check = new ProcessBuilder(promtool.get().toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = check.getOutputStream()) {
            in.write(page().getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(1, TimeUnit.MINUTES)).isTrue();
        // 0: clean; 3: lint notes only, which Quarkus's and Micrometer's own meters draw (no help text, names with _ns or _count)
        assertThat(check.exitValue()).as(report).isIn(0, 3);
        assertThat(report).doesNotContainIgnoringCase("error");
        assertThat(report.lines()).as("promtool's notes on xmodal's own meters").noneMatch(l -> l.startsWith("xmodal_"));
    }

    @Test
    void theOldestLeaseAgeIsTheAgeOfTheStalestRunningHeartbeat() {
        long experiment = Api.createExperiment(Api.experiment("lease-age", List.of("demo-dual"),
                Map.of("subsetTo", 16, "shardSize", 16, "batchSize", 16)));
        long sweep = Api.submit(experiment);
        assertThat(Api.awaitEnd(sweep, Duration.ofMinutes(2)).getString("state")).isEqualTo("succeeded");
        long run = Api.sweep(sweep).getLong("runs[0].id");
        // the shard as a worker that stopped beating 42 s ago leaves it
        Object[] before = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT id, state, heartbeat_at FROM shard WHERE run_id = ?1").setParameter(1, run).getSingleResult());
        try {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "UPDATE shard SET state = 'running', heartbeat_at = ?1 WHERE id = ?2")
                    .setParameter(1, java.sql.Timestamp.from(Instant.now().minusSeconds(42))).setParameter(2, before[0]).executeUpdate());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> metric("xmodal_lease_oldest_age_seconds") >= 42);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE shard SET state = ?1, heartbeat_at = ?2 WHERE id = ?3")
                    .setParameter(1, before[1]).setParameter(2, before[2]).setParameter(3, before[0]).executeUpdate());
        }
    }

    private static String page() {
        return given().get("/q/metrics").then().statusCode(200).contentType("text/plain; version=0.0.4; charset=utf-8").extract().asString();
    }

    private static double metric(String name) {
        return Api.metric(page(), name);
    }
}
