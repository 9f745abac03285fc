package org.xmodal.result;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.xmodal.evaluation.ExampleResult;
import org.xmodal.result.SyntheticSweep.SyntheticShard;

/**
 * Writes synthetic shards through {@link ResultStore} the way workers do: chunk by chunk, each chunk committed in
 * one transaction together with its shard's progress, with the shards shared out among concurrent writers.
 */
final class SyntheticLoad {
    private SyntheticLoad() {
    }

    static LoadMeter write(String label, DataSource source, List<SyntheticShard> shards, int batchSize, int writers,
                           PrintStream log) throws SQLException, InterruptedException {
        long expected = shards.stream().mapToLong(s -> (long) (s.end() - s.first()) * s.run().conditions().size()).sum();
        LoadMeter meter = new LoadMeter(label, expected, log);
        Queue<SyntheticShard> queue = new ConcurrentLinkedQueue<>(shards);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> writer(source, queue, batchSize, meter)));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return meter;
    }

    private static Void writer(DataSource source, Queue<SyntheticShard> queue, int batchSize, LoadMeter meter)
            throws SQLException {
        try (PinnedDataSource pinned = new PinnedDataSource(source)) {
            Connection connection = pinned.connection();
            connection.setAutoCommit(false);
            ResultStore store = new ResultStore(pinned);
            for (SyntheticShard shard = queue.poll(); shard != null; shard = queue.poll()) {
                for (int from = shard.first(); from < shard.end(); from += batchSize) {
                    int to = Math.min(shard.end(), from + batchSize);
                    List<ExampleResult> chunk = SyntheticSweep.chunk(shard.run(), from, to);
                    int stored = store.write(shard.run().id(), chunk, shard.run().index());
                    store.progress(shard.id(), 1, from - shard.first(), to - shard.first(), Instant.now());
                    connection.commit();
                    meter.add(chunk.size(), stored);
                }
            }
        }
        return null;
    }
}
