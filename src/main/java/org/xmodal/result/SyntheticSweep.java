package org.xmodal.result;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.evaluation.ExampleResult;

/**
 * A sweep of synthetic runs for the result benchmark: the parent rows that results refer to, inserted with plain
 * JDBC, and deterministic per-example results with the shapes and value ranges of real ones.
 */
final class SyntheticSweep {
    private static final int REGIONS = 36;
    private static final int VOCABULARY = 30_522;
    private static final int CLASSES = 1_601;
    private final List<SyntheticRun> runs = new ArrayList<>();
    private final List<SyntheticShard> shards = new ArrayList<>();

    private SyntheticSweep() {
    }

    /** A run of the sweep: its conditions in stored order. */
    record SyntheticRun(long id, Direction direction, List<Condition> conditions, Map<Condition, Integer> index) {
    }

    /** The examples [first, end) of a run, as the worker receives them. */
    record SyntheticShard(long id, SyntheticRun run, int first, int end) {
    }

    /** Inserts one sweep of {@code models} models × both directions, each run over {@code examples} examples. */
    static SyntheticSweep create(Connection c, int models, int examples, int batchSize, int shardSize) throws SQLException {
        long dataset = id(c, """
                INSERT INTO dataset (project_id, name, path, content_hash, examples, images, regions, feature_size, num_classes,
                    max_seq_length, registered_at) VALUES ((SELECT id FROM project WHERE name = 'default'), 'bench', 'bench', repeat('0', 64), ?, ?, 37, 2048, 1601, 38, now())
                RETURNING id""", examples, examples / 5);
        long experiment = id(c, "INSERT INTO experiment (project_id, name, created_at) VALUES ((SELECT id FROM project WHERE name = 'default'), 'result benchmark', now()) RETURNING id");
        long version = id(c, """
                INSERT INTO experiment_version (experiment_id, version, dataset_id, definition, batch_size, shard_size,
                    subset_from, subset_to, created_at) VALUES (?, 1, ?, '{}', ?, ?, 0, ?, now()) RETURNING id""",
                experiment, dataset, batchSize, shardSize, examples);
        long sweep = id(c, "INSERT INTO sweep (experiment_version_id, state, submitted_at, started_at) "
                + "VALUES (?, 'running', now(), now()) RETURNING id", version);
        SyntheticSweep created = new SyntheticSweep();
        for (int m = 0; m < models; m++) {
            long model = id(c, """
                    INSERT INTO model (project_id, name, path, sha256, tokenizer_path, tokenizer_sha256, family, global_image, feature_size,
                        num_locations, num_classes, vocab_size, text_only, registered_at)
                    VALUES ((SELECT id FROM project WHERE name = 'default'), ?, 'bench.pt', repeat('0', 64), 'tokenizer.json', repeat('0', 64), 'uniter', 'first',
                        2048, 5, 1601, 30522, false, now()) RETURNING id""", "bench-" + m);
            for (Direction direction : Direction.values()) {
                created.run(c, sweep, model, direction, examples, shardSize);
            }
        }
        return created;
    }

    List<SyntheticRun> runs() {
        return runs;
    }

    /** The shards of {@code of}, run by run, each in example order. */
    List<SyntheticShard> shardsOf(List<SyntheticRun> of) {
        return shards.stream().filter(s -> of.contains(s.run())).toList();
    }

    private void run(Connection c, long sweep, long model, Direction direction, int examples, int shardSize)
            throws SQLException {
        List<Condition> conditions = Condition.fullSweep(direction);
        Map<Condition, Integer> index = new HashMap<>();
        for (int i = 0; i < conditions.size(); i++) {
            index.put(conditions.get(i), i);
        }
        long id = id(c, """
                INSERT INTO run (sweep_id, model_id, direction, conditions, state, examples_total, started_at)
                VALUES (?, ?, ?, ?, 'running', ?, now()) RETURNING id""",
                sweep, model, direction.wireName(), c.createArrayOf("text", conditions.stream().map(Condition::name).toArray()), examples);
        SyntheticRun run = new SyntheticRun(id, direction, conditions, index);
        runs.add(run);
        List<SyntheticShard> ofRun = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO shard (run_id, first_example, end_example, state, attempts, started_at)
                SELECT ?, g, LEAST(g + ?, ?), 'running', 1, now() FROM generate_series(0, ? - 1, ?) AS g
                RETURNING id, first_example, end_example""")) {
            s.setLong(1, id);
            s.setInt(2, shardSize);
            s.setInt(3, examples);
            s.setInt(4, examples);
            s.setInt(5, shardSize);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ofRun.add(new SyntheticShard(rs.getLong(1), run, rs.getInt(2), rs.getInt(3)));
                }
            }
        }
        ofRun.sort(Comparator.comparingInt(SyntheticShard::first));
        shards.addAll(ofRun);
    }

    /** Every condition's result for examples [from, to), example by example as the evaluator emits them. */
    static List<ExampleResult> chunk(SyntheticRun run, int from, int to) {
        List<ExampleResult> results = new ArrayList<>((to - from) * run.conditions().size());
        for (int example = from; example < to; example++) {
            SplittableRandom random = new SplittableRandom(run.id() * 1_000_003L + example);
            if (run.direction() == Direction.VIS4LANG) {
                vis4lang(run.conditions(), example, random, results);
            } else {
                lang4vis(run.conditions(), example, random, results);
            }
        }
        return results;
    }

    /** MLM loss rising with the share of ablated regions; one predicted subword per masked phrase token. */
    private static void vis4lang(List<Condition> conditions, int example, SplittableRandom random, List<ExampleResult> out) {
        double base = 1.0 + 4.0 * random.nextDouble();
        int objects = random.nextInt(REGIONS / 3);
        long[] predicted = random.ints(1 + random.nextInt(4), 1_000, VOCABULARY).asLongStream().toArray();
        for (Condition condition : conditions) {
            int ablated = switch (condition.kind()) {
                case NONE -> 0;
                case ALL -> REGIONS;
                default -> (int) Math.round(objects * (1.0 - condition.threshold()));
            };
            float loss = (float) (base + 2.0 * ablated / REGIONS + 0.1 * random.nextGaussian());
            out.add(new ExampleResult(example, condition, Math.max(0f, loss), Float.NaN, -1, ablated, predicted));
        }
    }

    /** MRC-KL and MRC-XE at one target region; the predicted class of the region. */
    private static void lang4vis(List<Condition> conditions, int example, SplittableRandom random, List<ExampleResult> out) {
        int target = random.nextInt(REGIONS);
        double kl = 0.5 + random.nextDouble();
        double xe = 1.0 + 2.0 * random.nextDouble();
        for (Condition condition : conditions) {
            double effect = condition.kind() == Condition.Kind.NONE ? 0.0 : condition.kind() == Condition.Kind.PHRASE ? 0.3 : 0.6;
            out.add(new ExampleResult(example, condition, (float) (kl + effect + 0.05 * random.nextGaussian()),
                    (float) (xe + effect + 0.05 * random.nextGaussian()), target, 1, new long[] {random.nextInt(1, CLASSES)}));
        }
    }

    private static long id(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
