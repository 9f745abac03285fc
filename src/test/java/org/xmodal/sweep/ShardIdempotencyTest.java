package org.xmodal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.PostgresResource;

/**
 * The same shard executed again — a duplicate fire, a recovered re-run from scratch, two runs at once — leaves
 * exactly the rows and aggregates of the first execution.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ShardIdempotencyTest {
    @Inject
    ShardWorker worker;
    @Inject
    EntityManager em;

    private long runId;
    private long shardId;
    private List<?> firstRows;
    private List<?> firstAggregates;

    @BeforeEach
    void finishedSweep() {
        long experiment = Api.createExperiment(Api.experiment("idempotency", List.of("demo-dual"),
                Map.of("subsetTo", 96, "shardSize", 96, "batchSize", 16)));
        long sweep = Api.submit(experiment);
        assertThat(Api.awaitEnd(sweep, Duration.ofMinutes(2)).getString("state")).isEqualTo("succeeded");
        runId = Api.sweep(sweep).getLong("runs[0].id");
        shardId = QuarkusTransaction.requiringNew().call(() -> Shard.ofRun(runId).get(0).id);
        firstRows = rows();
        firstAggregates = aggregates();
        assertThat(firstRows).hasSize(96 * 12);
    }

    @Test
    void aDuplicateFireOfAFinishedShardChangesNothing() {
        worker.execute(shardId, attempts(), false, "cpu");
        assertThat(rows()).isEqualTo(firstRows);
        assertThat(aggregates()).isEqualTo(firstAggregates);
    }

    @Test
    void aShardRunAgainFromScratchLeavesIdenticalResults() {
        reopen();
        worker.execute(shardId, attempts() + 1, false, "cpu");
        assertThat(state()).isEqualTo(State.SUCCEEDED);
        assertThat(rows()).isEqualTo(firstRows);
        assertThat(aggregates()).isEqualTo(firstAggregates);
    }

    @Test
    void twoConcurrentRunsOfOneShardLeaveIdenticalResults() throws Exception {
        reopen();
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> awaitThen(start, () -> worker.execute(shardId, attempts() + 1, false, "cpu")));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> awaitThen(start, () -> worker.execute(shardId, attempts() + 1, false, "auto")));
        CompletableFuture.allOf(a, b).get();
        assertThat(state()).isEqualTo(State.SUCCEEDED);
        assertThat(rows()).isEqualTo(firstRows);
        assertThat(aggregates()).isEqualTo(firstAggregates);
    }

    /**
     * The shard as a crashed node leaves it once its lease has expired: running, nothing committed, no heartbeat for
     * an hour; its run and sweep not yet finished.
     */
    private void reopen() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE shard SET state = 'running', examples_done = 0, heartbeat_at = now() - interval '1 hour' WHERE id = ?1")
                    .setParameter(1, shardId).executeUpdate();
            em.createNativeQuery("UPDATE run SET state = 'running' WHERE id = ?1").setParameter(1, runId).executeUpdate();
            em.createNativeQuery("UPDATE sweep SET state = 'running' WHERE id = (SELECT sweep_id FROM run WHERE id = ?1)")
                    .setParameter(1, runId).executeUpdate();
        });
    }

    private int attempts() {
        return QuarkusTransaction.requiringNew().call(() -> Shard.<Shard>findById(shardId).attempts);
    }

    private String state() {
        return QuarkusTransaction.requiringNew().call(() -> Shard.<Shard>findById(shardId).state);
    }

    private List<?> rows() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT condition_index, example, loss_nats, secondary_nats, target_region, ablated_regions, CAST(predicted AS TEXT)
                FROM result WHERE run_id = ?1 ORDER BY condition_index, example""").setParameter(1, runId).getResultList()
                .stream().map(r -> java.util.Arrays.toString((Object[]) r)).toList());
    }

    private List<?> aggregates() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT condition_index, metric, n, mean_nats, std_nats FROM aggregate WHERE run_id = ?1
                ORDER BY condition_index, metric""").setParameter(1, runId).getResultList()
                .stream().map(r -> java.util.Arrays.toString((Object[]) r)).toList());
    }

    private static void awaitThen(CyclicBarrier barrier, Runnable work) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        work.run();
    }
}
