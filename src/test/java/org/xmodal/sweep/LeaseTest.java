package org.xmodal.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.evaluation.ExampleResult;
import org.xmodal.result.ResultStore;
import org.xmodal.testing.Api;
import org.xmodal.testing.PostgresResource;

/**
 * Leases, fencing and the reaper: a shard whose worker stopped renewing its lease is queued again and finished by
 * another attempt; the stale attempt can neither store rows, nor move progress, nor end the shard; a database
 * write outage longer than the commit retries does not leave a shard running for good; cancel always wins.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class LeaseTest {
    @Inject
    ShardWorker worker;
    @Inject
    Leases leases;
    @Inject
    ResultStore results;
    @Inject
    EntityManager em;
    @Inject
    MeterRegistry metrics;

    @Test
    void aStaleAttemptCannotWriteNorEndTheShardThatAnotherAttemptOwns() {
        Finished finished = finishedShard("zombie", 96);
        long sweep = finished.sweep();
        long runId = finished.run();
        long shardId = finished.shard();
        List<?> rows = rows(runId);
        List<?> aggregates = aggregates(runId);
        // the shard as a node leaves it that stopped (SIGSTOP) in its middle: running, lease not yet expired
        reopen(shardId, runId, "now()");
        ShardWorker.Claim zombie = worker.claim(shardId, 0, false, "cpu").orElse(null);
        assertThat(zombie).as("a running shard with a live lease is not claimed by a duplicate job").isNull();
        reopen(shardId, runId, "now() - interval '1 hour'");
        zombie = worker.claim(shardId, 0, false, "cpu").orElseThrow();
        // its lease is not among this node's held ones: nothing renews it, as nothing does for a paused node
        Leases.Lease stale = new Leases.Lease(shardId, zombie.attempt());
        // its lease expires while it is paused: the reaper queues the shard, another attempt finishes it
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE shard SET heartbeat_at = now() - interval '1 hour' WHERE id = ?1").setParameter(1, shardId).executeUpdate());
        int attempt = zombie.attempt();
        await().atMost(Duration.ofMinutes(1)).until(() -> shard(shardId).attempts > attempt && State.SUCCEEDED.equals(shard(shardId).state));

        // the paused attempt wakes up: its commit of a row outside the shard, its progress and its failure change nothing
        ExampleResult outside = new ExampleResult(10_000, Condition.parse(Direction.VIS4LANG, "none"), 99f, Float.NaN, -1, 0, new long[] {1});
        boolean committed = leases.commit(stale, () -> results.write(runId, List.of(outside),
                Map.of(Condition.parse(Direction.VIS4LANG, "none"), 0)), 0, 1);
        worker.fail(zombie, "the stale attempt failed", true);
        assertThat(committed).isFalse();
        assertThat(stale.lost()).isTrue();
        assertThat(shard(shardId).state).isEqualTo(State.SUCCEEDED);
        assertThat(shard(shardId).examplesDone).isEqualTo(96);
        assertThat(rows(runId)).isEqualTo(rows);
        assertThat(aggregates(runId)).isEqualTo(aggregates);
        // settling the run (its statistics included) follows the shard's end
        await().atMost(Duration.ofMinutes(1)).until(() -> "succeeded".equals(Api.sweep(sweep).getString("state")));
    }

    @Test
    void aChunkCommitThatTheDatabaseLostIsNotSkippedOver() {
        Finished finished = finishedShard("lost commit", 64);
        long runId = finished.run();
        long shardId = finished.shard();
        // the attempt committed up to example 32, but the server crashed and lost that commit: it holds 16
        reopen(shardId, runId, "now()");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE shard SET examples_done = 16 WHERE id = ?1")
                .setParameter(1, shardId).executeUpdate());
        Leases.Lease lease = new Leases.Lease(shardId, shard(shardId).attempts);
        assertThat(leases.commit(lease, () -> { }, 32, 48)).as("the chunk after the lost one").isFalse();
        assertThat(lease.lost()).isTrue();
        assertThat(shard(shardId).examplesDone).isEqualTo(16);
        // a commit from where the database really is goes through, and so does a retry of one that already landed
        Leases.Lease next = new Leases.Lease(shardId, shard(shardId).attempts);
        assertThat(leases.commit(next, () -> { }, 16, 32)).isTrue();
        assertThat(leases.commit(next, () -> { }, 16, 32)).isTrue();
        assertThat(shard(shardId).examplesDone).isEqualTo(32);
    }

    @Test
    void aWriteOutageLongerThanTheCommitRetriesDoesNotStickAShard() throws Exception {
        long sweep = Api.submit(Api.createExperiment(vis4lang("write outage",
                Map.of("subsetTo", 1200, "shardSize", 1200, "batchSize", 8))));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> Api.sweep(sweep).getLong("examplesDone") > 0);
        double failuresBefore = metrics.counter("xmodal.shard.failures").count();
        readOnly(true);
        try {
            // the attempt retries its commit for commit-retry-for (3 s in tests), then gives up; it cannot record that
            await().atMost(Duration.ofMinutes(1)).until(() -> metrics.counter("xmodal.shard.failures").count() > failuresBefore);
        } finally {
            readOnly(false);
        }
        var done = Api.awaitEnd(sweep, Duration.ofMinutes(3));
        assertThat(done.getString("state")).isEqualTo("succeeded");
        long runId = done.getLong("runs[0].id");
        assertThat(shard(QuarkusTransaction.requiringNew().call(() -> Shard.ofRun(runId).get(0).id)).attempts)
                .as("the shard was queued again after the outage").isGreaterThan(1);
        assertThat(count("SELECT count(*) FROM result WHERE run_id = " + runId)).isEqualTo(1200L * 12);
        assertThat(count("SELECT count(DISTINCT (condition_index, example)) FROM result WHERE run_id = " + runId)).isEqualTo(1200L * 12);
    }

    @Test
    void cancelEndsRunningAndOrphanedShardsAtOnce() {
        long sweep = Api.submit(Api.createExperiment(vis4lang("cancel wins",
                Map.of("subsetTo", 2000, "shardSize", 500, "batchSize", 8))));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> Api.sweep(sweep).getLong("examplesDone") > 0);
        long runId = Api.sweep(sweep).getLong("runs[0].id");
        // an orphan: a shard left running by a node that died, lease long expired
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                UPDATE shard SET state = 'running', worker = 'gone/cpu', heartbeat_at = now() - interval '1 hour'
                WHERE id = (SELECT max(id) FROM shard WHERE run_id = ?1)""").setParameter(1, runId).executeUpdate());
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .post("/api/sweeps/" + sweep + "/cancel").then().statusCode(200);
        var after = Api.sweep(sweep);
        assertThat(after.getString("state")).isEqualTo("cancelled");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Shard.ofRun(runId).stream().map(s -> s.state).distinct().toList()))
                .isSubsetOf(State.CANCELLED, State.SUCCEEDED).contains(State.CANCELLED);
        // and retry picks up every shard that did not succeed
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .post("/api/sweeps/" + sweep + "/retry").then().statusCode(200);
        assertThat(Api.awaitEnd(sweep, Duration.ofMinutes(3)).getString("state")).isEqualTo("succeeded");
        assertThat(count("SELECT count(DISTINCT (condition_index, example)) FROM result WHERE run_id = " + runId)).isEqualTo(2000L * 12);
    }

    /** A sweep of one shard of demo-dual, run to its end. */
    private record Finished(long sweep, long run, long shard) {
    }

    private static Finished finishedShard(String name, int examples) {
        long sweep = Api.submit(Api.createExperiment(Api.experiment(name, List.of("demo-dual"),
                Map.of("subsetTo", examples, "shardSize", examples, "batchSize", 16))));
        assertThat(Api.awaitEnd(sweep, Duration.ofMinutes(2)).getString("state")).isEqualTo("succeeded");
        long runId = Api.sweep(sweep).getLong("runs[0].id");
        return new Finished(sweep, runId, QuarkusTransaction.requiringNew().call(() -> Shard.ofRun(runId).get(0).id));
    }

    private static Map<String, Object> vis4lang(String name, Map<String, Object> options) {
        return Map.of("name", name, "dataset", "demo-val", "models", List.of("demo-single"), "directions", List.of("vis4lang"),
                "options", options);
    }

    private void reopen(long shardId, long runId, String heartbeat) {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE shard SET state = 'running', examples_done = 0, heartbeat_at = " + heartbeat + " WHERE id = ?1")
                    .setParameter(1, shardId).executeUpdate();
            em.createNativeQuery("UPDATE run SET state = 'running' WHERE id = ?1").setParameter(1, runId).executeUpdate();
            em.createNativeQuery("UPDATE sweep SET state = 'running' WHERE id = (SELECT sweep_id FROM run WHERE id = ?1)")
                    .setParameter(1, runId).executeUpdate();
        });
    }

    /** Makes every transaction of the server read-only (as a failover or a full disk would), or writable again. */
    private static void readOnly(boolean on) throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresResource.superuserJdbcUrl()); Statement s = c.createStatement()) {
            s.execute(on ? "ALTER SYSTEM SET default_transaction_read_only = on" : "ALTER SYSTEM RESET default_transaction_read_only");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    private Shard shard(long id) {
        return QuarkusTransaction.requiringNew().call(() -> Shard.<Shard>findById(id));
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }

    private List<?> rows(long runId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT condition_index, example, loss_nats, secondary_nats, target_region, ablated_regions, CAST(predicted AS TEXT)
                FROM result WHERE run_id = ?1 ORDER BY condition_index, example""").setParameter(1, runId).getResultList()
                .stream().map(r -> java.util.Arrays.toString((Object[]) r)).toList());
    }

    private List<?> aggregates(long runId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT condition_index, metric, n, mean_nats, std_nats FROM aggregate WHERE run_id = ?1
                ORDER BY condition_index, metric""").setParameter(1, runId).getResultList()
                .stream().map(r -> java.util.Arrays.toString((Object[]) r)).toList());
    }
}
