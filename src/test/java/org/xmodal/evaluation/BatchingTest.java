package org.xmodal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.data.Dataset;
import org.xmodal.data.HuggingFaceWordPiece;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;
import org.xmodal.testing.Demo;
import org.xmodal.testing.GoldenFiles;

/**
 * Batching on a batch-dependent stand-in (VL-BERT's shared, in-place shifted position row) against the eager
 * reference: {@code paper} gives the values of batches of 16 consecutive entries in split order, whatever range is
 * evaluated; {@code exact} gives batch-1 values; {@code fast} is refused; {@code auto} picks {@code paper}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchingTest {
    static final double TOLERANCE_NATS = 1e-5;
    static final Path MODEL = Demo.root().resolve("src/test/resources/models/batch-dependent.json");
    static final Path GOLDEN = Demo.root().resolve("src/test/resources/golden/batch-dependent");

    Dataset dataset;
    LoadedModel model;
    HuggingFaceWordPiece tokenizer;

    @BeforeAll
    void open() {
        dataset = Dataset.open(Demo.corpus());
        model = LoadedModel.load(MODEL, Device.cpu());
        tokenizer = HuggingFaceWordPiece.load(Demo.tokenizer());
        assertThat(model.metadata().batchDependent()).as("the stand-in declares itself batch-dependent").isTrue();
    }

    @AfterAll
    void close() {
        model.close();
        tokenizer.close();
        dataset.close();
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void paperBatchingGivesTheEagerBatchesOf16InSplitOrderForAnyRange(Direction direction) {
        for (int[] range : new int[][] {{0, 200}, {37, 150}, {150, 151}}) {
            List<ExampleResult> ours = evaluate(Batching.PAPER, direction, range[0], range[1]);
            double worst = GoldenFiles.maxDifference(ours, golden("paper", direction, range[0], range[1]), direction);
            System.out.printf("paper batching %s [%d, %d): max |Δ| %.3g nats%n", direction, range[0], range[1], worst);
            assertThat(worst).as(direction + " [" + range[0] + ", " + range[1] + ")").isLessThanOrEqualTo(TOLERANCE_NATS);
        }
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void exactBatchingGivesBatchOneValues(Direction direction) {
        List<ExampleResult> ours = evaluate(Batching.EXACT, direction, 0, 48);
        assertThat(GoldenFiles.maxDifference(ours, golden("exact", direction, 0, 48), direction))
                .isLessThanOrEqualTo(TOLERANCE_NATS);
        // the stand-in is batch-dependent for real: paper and exact values differ clearly somewhere
        double apart = GoldenFiles.maxDifference(ours, golden("paper", direction, 0, 48), direction);
        assertThat(apart).as("paper vs exact").isGreaterThan(1e-3);
    }

    @Test
    void fastBatchingIsRefusedBeforeAnyForwardPass() {
        Evaluator evaluator = new Evaluator(model, dataset, tokenizer, options(Batching.FAST));
        List<ExampleResult> seen = new ArrayList<>();
        assertThatThrownBy(() -> evaluator.evaluate(Direction.VIS4LANG, Condition.fullSweep(Direction.VIS4LANG), 0, 32,
                (chunk, done, total) -> seen.addAll(chunk)))
                .isInstanceOfSatisfying(XmodalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INCOMPATIBLE))
                .hasMessageContaining("is batch-dependent").hasMessageContaining("use batching paper");
        assertThat(seen).isEmpty();
    }

    @Test
    void autoMeansPaperForABatchDependentModelAndFastForOthers() {
        EvaluationStats stats = new Evaluator(model, dataset, tokenizer, options(Batching.AUTO))
                .evaluate(Direction.LANG4VIS, Condition.fullSweep(Direction.LANG4VIS), 0, 16, (chunk, done, total) -> { });
        assertThat(stats.batching()).isEqualTo(Batching.PAPER);
        try (LoadedModel independent = LoadedModel.load(Demo.model("demo-single"), Device.cpu())) {
            EvaluationStats other = new Evaluator(independent, dataset, tokenizer, options(Batching.AUTO))
                    .evaluate(Direction.LANG4VIS, Condition.fullSweep(Direction.LANG4VIS), 0, 16, (chunk, done, total) -> { });
            assertThat(other.batching()).isEqualTo(Batching.FAST);
        }
    }

    @Test
    void paperBatchingReusesACallOnlyWhereTheWholeBatchHasTheSameInputs() {
        // object@1.0 ablates nothing (IoT never exceeds 1), so every batch's inputs equal none's
        List<Condition> sweep = java.util.stream.Stream.of("none", "object@1.0", "object@0.5", "all")
                .map(c -> Condition.parse(Direction.VIS4LANG, c)).toList();
        List<ExampleResult> reused = new ArrayList<>();
        EvaluationStats a = new Evaluator(model, dataset, tokenizer, options(Batching.PAPER))
                .evaluate(Direction.VIS4LANG, sweep, 0, 64, (chunk, done, total) -> reused.addAll(chunk));
        List<ExampleResult> separate = new ArrayList<>();
        EvaluationStats b = new Evaluator(model, dataset, tokenizer, new EvaluationOptions(32, false, Batching.PAPER, Untargeted.ERROR))
                .evaluate(Direction.VIS4LANG, sweep, 0, 64, (chunk, done, total) -> separate.addAll(chunk));
        assertThat(b.modelCalls()).isEqualTo(4L * sweep.size());
        assertThat(a.modelCalls()).isEqualTo(4L * 3);
        assertThat(reused).hasSameSizeAs(separate);
        for (int i = 0; i < reused.size(); i++) {
            assertThat(reused.get(i).lossNats()).as(reused.get(i).toString()).isEqualTo(separate.get(i).lossNats());
        }
    }

    private EvaluationOptions options(Batching batching) {
        return new EvaluationOptions(32, true, batching, Untargeted.ERROR);
    }

    private List<ExampleResult> evaluate(Batching batching, Direction direction, int from, int to) {
        List<ExampleResult> all = new ArrayList<>();
        EvaluationStats stats = new Evaluator(model, dataset, tokenizer, options(batching))
                .evaluate(direction, Condition.fullSweep(direction), from, to, (chunk, done, total) -> all.addAll(chunk));
        assertThat(stats.batching()).isEqualTo(batching);
        return all;
    }

    private static List<CSVRecord> golden(String batching, Direction direction, int from, int to) {
        return GoldenFiles.read(GOLDEN.resolve(batching).resolve(direction.wireName() + ".tsv.gz")).stream()
                .filter(r -> Integer.parseInt(r.get("example")) >= from && Integer.parseInt(r.get("example")) < to).toList();
    }
}
