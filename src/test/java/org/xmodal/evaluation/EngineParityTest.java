package org.xmodal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.data.Dataset;
import org.xmodal.data.HuggingFaceWordPiece;
import org.xmodal.result.ConditionSummary;
import org.xmodal.result.Metric;
import org.xmodal.result.RunSummary;
import org.xmodal.testing.Demo;
import org.xmodal.testing.GoldenFiles;

/**
 * The one-pass engine against the golden per-example losses of the independent Python reference, for every
 * demo model, direction and condition on every example: max |Δ| ≤ 1e-5 nats per example, 1e-6 bits per
 * aggregate. Also the sanity checks that would catch a mis-wired ablation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineParityTest {
    static final double EXAMPLE_TOLERANCE_NATS = 1e-5;
    static final double AGGREGATE_TOLERANCE_BITS = 1e-6;

    Dataset dataset;
    final Map<String, Map<Direction, List<ExampleResult>>> results = new HashMap<>();
    final Map<String, ModelMetadata> metadata = new HashMap<>();

    @BeforeAll
    void evaluateEveryDemoModel() throws IOException {
        dataset = Dataset.open(Demo.corpus());
        try (Stream<Path> files = Files.list(Demo.models())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json") && !f.endsWith("tokenizer.json")).sorted().toList()) {
                try (LoadedModel model = LoadedModel.load(file, Device.cpu());
                     HuggingFaceWordPiece tokenizer = HuggingFaceWordPiece.load(Demo.tokenizer())) {
                    Evaluator evaluator = new Evaluator(model, dataset, tokenizer, EvaluationOptions.defaults());
                    Map<Direction, List<ExampleResult>> byDirection = new HashMap<>();
                    for (Direction direction : Direction.values()) {
                        if (direction == Direction.LANG4VIS && model.metadata().textOnly()) {
                            continue;
                        }
                        List<ExampleResult> all = new ArrayList<>();
                        evaluator.evaluate(direction, Condition.fullSweep(direction), 0, dataset.entries().size(),
                                (chunk, done, total) -> all.addAll(chunk));
                        byDirection.put(direction, all);
                    }
                    results.put(model.metadata().name(), byDirection);
                    metadata.put(model.metadata().name(), model.metadata());
                }
            }
        }
        assertThat(results).containsKeys("demo-single", "demo-dual", "demo-text");
    }

    @AfterAll
    void close() {
        dataset.close();
    }

    @TestFactory
    Stream<DynamicTest> perExampleLossesEqualTheGoldenFiles() {
        return runs().map(run -> DynamicTest.dynamicTest(run.model() + " " + run.direction(), () -> {
            List<CSVRecord> golden = GoldenFiles.read(Demo.golden().resolve(run.model())
                    .resolve(run.direction().wireName() + ".tsv.gz"));
            List<ExampleResult> ours = results.get(run.model()).get(run.direction());
            double worst = GoldenFiles.maxDifference(ours, golden, run.direction());
            int samePrediction = 0;
            for (int i = 0; i < golden.size(); i++) {
                CSVRecord g = golden.get(i);
                ExampleResult r = ours.get(i);
                samePrediction += run.direction() == Direction.VIS4LANG
                        ? java.util.Arrays.equals(r.predicted(), GoldenFiles.longs(g.get("predicted"))) ? 1 : 0
                        : r.predicted()[0] == Long.parseLong(g.get("predicted_class")) ? 1 : 0;
            }
            System.out.printf("parity %s: %d rows, max |Δ| %.3g nats, %d same predictions%n", run, golden.size(), worst,
                    samePrediction);
            assertThat(worst).as(run + ": max |Δ| in nats").isLessThanOrEqualTo(EXAMPLE_TOLERANCE_NATS);
            // arg-max can only differ on exact near-ties
            assertThat(samePrediction).as(run + ": same predictions").isGreaterThanOrEqualTo((int) (0.999 * golden.size()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> aggregatesEqualTheGoldenAggregates() {
        List<CSVRecord> golden = GoldenFiles.read(Demo.golden().resolve("aggregates.tsv"));
        return runs().map(run -> DynamicTest.dynamicTest(run.model() + " " + run.direction(), () -> {
            RunSummary summary = new RunSummary(run.direction(), Condition.fullSweep(run.direction()));
            summary.addAll(results.get(run.model()).get(run.direction()));
            List<ConditionSummary> ours = summary.summaries();
            double[] worstBits = {0};
            for (ConditionSummary s : ours) {
                CSVRecord g = golden.stream().filter(r -> r.get("model").equals(run.model())
                        && r.get("direction").equals(run.direction().wireName())
                        && r.get("condition").equals(s.condition().name())
                        && r.get("metric").replace('_', '-').equals(s.metric().wireName())).findFirst()
                        .orElseThrow(() -> new AssertionError("no golden aggregate for " + run + " " + s.condition() + " " + s.metric()));
                assertThat(s.n()).isEqualTo(Long.parseLong(g.get("n")));
                worstBits[0] = Math.max(worstBits[0], Math.abs(s.meanBits() - Double.parseDouble(g.get("mean_bits"))));
                assertThat(Math.abs(s.meanBits() - Double.parseDouble(g.get("mean_bits"))))
                        .as(run + " " + s.condition() + " " + s.metric() + " mean bits").isLessThanOrEqualTo(AGGREGATE_TOLERANCE_BITS);
            }
            System.out.printf("parity %s: %d aggregates, max |Δ| %.3g bits%n", run, ours.size(), worstBits[0]);
        }));
    }

    @Test
    void theTextOnlyModelIgnoresTheImageEvenWhenEveryConditionRunsItsOwnForwardPass() {
        try (LoadedModel model = LoadedModel.load(Demo.model("demo-text"), Device.cpu());
             HuggingFaceWordPiece tokenizer = HuggingFaceWordPiece.load(Demo.tokenizer())) {
            Evaluator evaluator = new Evaluator(model, dataset, tokenizer, new EvaluationOptions(32, false));
            List<ExampleResult> all = new ArrayList<>();
            EvaluationStats stats = evaluator.evaluate(Direction.VIS4LANG, Condition.fullSweep(Direction.VIS4LANG), 0, 200,
                    (chunk, d, t) -> all.addAll(chunk));
            assertThat(stats.forwardPasses()).isEqualTo(200L * 12);
            Map<Integer, Float> none = new HashMap<>();
            all.stream().filter(r -> r.condition().kind() == Condition.Kind.NONE).forEach(r -> none.put(r.example(), r.lossNats()));
            assertThat(all).allSatisfy(r -> assertThat(r.lossNats()).isEqualTo(none.get(r.example()), org.assertj.core.data.Offset.offset(1e-6f)));
        }
    }

    @Test
    void visionAndLanguageModelsGetWorseFromNoneToObjectToAll() {
        for (String name : List.of("demo-single", "demo-dual")) {
            RunSummary summary = new RunSummary(Direction.VIS4LANG, Condition.fullSweep(Direction.VIS4LANG));
            summary.addAll(results.get(name).get(Direction.VIS4LANG));
            Map<String, Double> bits = new HashMap<>();
            summary.summaries().forEach(s -> bits.put(s.condition().name(), s.meanBits()));
            assertThat(bits.get("object@0.5")).as(name + " object@0.5 vs none").isGreaterThan(bits.get("none"));
            assertThat(bits.get("all")).as(name + " all vs object@0.5").isGreaterThan(bits.get("object@0.5"));
        }
    }

    @Test
    void reusingForwardPassesChangesNothingButTheirNumber() {
        try (LoadedModel model = LoadedModel.load(Demo.model("demo-single"), Device.cpu());
             HuggingFaceWordPiece tokenizer = HuggingFaceWordPiece.load(Demo.tokenizer())) {
            for (Direction direction : Direction.values()) {
                List<ExampleResult> reused = new ArrayList<>();
                List<ExampleResult> separate = new ArrayList<>();
                List<Condition> sweep = Condition.fullSweep(direction);
                EvaluationStats a = new Evaluator(model, dataset, tokenizer, new EvaluationOptions(7, true))
                        .evaluate(direction, sweep, 100, 300, (chunk, d, t) -> reused.addAll(chunk));
                EvaluationStats b = new Evaluator(model, dataset, tokenizer, new EvaluationOptions(64, false))
                        .evaluate(direction, sweep, 100, 300, (chunk, d, t) -> separate.addAll(chunk));
                assertThat(b.forwardPasses()).isEqualTo(200L * sweep.size());
                assertThat(a.forwardPasses()).isLessThanOrEqualTo(b.forwardPasses());
                assertThat(reused).hasSameSizeAs(separate).hasSize(200 * sweep.size());
                for (int i = 0; i < reused.size(); i++) {
                    ExampleResult r = reused.get(i);
                    ExampleResult s = separate.get(i);
                    assertThat(r.example()).isEqualTo(s.example());
                    assertThat(r.condition()).isEqualTo(s.condition());
                    assertThat(r.lossNats()).as(direction + " " + r).isEqualTo(s.lossNats(), org.assertj.core.data.Offset.offset(1e-5f));
                    if (direction == Direction.LANG4VIS) {
                        assertThat(r.secondaryNats()).isEqualTo(s.secondaryNats(), org.assertj.core.data.Offset.offset(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void aCancelledEvaluationStopsBetweenChunks() {
        try (LoadedModel model = LoadedModel.load(Demo.model("demo-text"), Device.cpu());
             HuggingFaceWordPiece tokenizer = HuggingFaceWordPiece.load(Demo.tokenizer())) {
            List<ExampleResult> seen = new ArrayList<>();
            EvaluationStats stats = new Evaluator(model, dataset, tokenizer, new EvaluationOptions(10, true))
                    .evaluate(Direction.VIS4LANG, List.of(Condition.none(Direction.VIS4LANG)), 0, 100, new EvaluationListener() {
                        @Override
                        public void onChunk(List<ExampleResult> results, int done, int total) {
                            seen.addAll(results);
                        }

                        @Override
                        public boolean cancelled() {
                            return seen.size() >= 30;
                        }
                    });
            assertThat(stats.cancelled()).isTrue();
            assertThat(stats.examples()).isEqualTo(30);
            assertThat(seen).extracting(ExampleResult::example).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 30).boxed().toList());
        }
    }

    @Test
    void aggregatesAreReportedInBits() {
        RunSummary summary = new RunSummary(Direction.LANG4VIS, Condition.fullSweep(Direction.LANG4VIS));
        List<ExampleResult> lang4vis = results.get("demo-single").get(Direction.LANG4VIS);
        summary.addAll(lang4vis);
        double meanNats = lang4vis.stream().filter(r -> r.condition().kind() == Condition.Kind.NONE)
                .mapToDouble(ExampleResult::lossNats).average().orElseThrow();
        ConditionSummary none = summary.summaries().stream()
                .filter(s -> s.metric() == Metric.MRC_KL && s.condition().kind() == Condition.Kind.NONE).findFirst().orElseThrow();
        assertThat(none.meanBits()).isEqualTo(meanNats / Math.log(2), org.assertj.core.data.Offset.offset(1e-9));
    }

    record Run(String model, Direction direction) {
        @Override
        public String toString() {
            return model + " " + direction;
        }
    }

    private Stream<Run> runs() {
        return results.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .flatMap(e -> e.getValue().keySet().stream().sorted().map(d -> new Run(e.getKey(), d)));
    }
}
