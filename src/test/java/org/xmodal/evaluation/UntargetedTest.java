package org.xmodal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.data.Dataset;
import org.xmodal.data.HuggingFaceWordPiece;
import org.xmodal.testing.Demo;
import org.xmodal.testing.GoldenFiles;

/**
 * A corpus with entries that have no target in one direction: phrases beyond the truncation limit (no MLM target)
 * and phrases with no region at IoT &gt; 0.5 (no MRC target), some of them both. Under {@code error} every one is
 * listed before any forward pass; under {@code skip} the others give the reference's values and n leaves them out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UntargetedTest {
    static final Path CORPUS = Demo.root().resolve("src/test/resources/corpora/untargeted");
    static final Path GOLDEN = Demo.root().resolve("src/test/resources/golden/untargeted");

    Dataset dataset;
    HuggingFaceWordPiece tokenizer;

    @BeforeAll
    void open() {
        dataset = Dataset.open(CORPUS);
        tokenizer = HuggingFaceWordPiece.load(Demo.tokenizer());
    }

    @AfterAll
    void close() {
        tokenizer.close();
        dataset.close();
    }

    @ParameterizedTest
    @CsvSource({"vis4lang, MLM", "lang4vis, MRC"})
    void underErrorEveryOffendingEntryIsListedAndTheMessageEndsWithHowToSkip(String wire, String target) {
        Direction direction = Direction.parse(wire);
        List<CSVRecord> expected = skipped(direction);
        assertThat(expected).as("the fixture has entries without a target in " + direction).hasSizeGreaterThanOrEqualTo(3);
        ModelMetadata metadata = ModelMetadata.read(Demo.model("demo-dual"));
        assertThatThrownBy(() -> Evaluator.preflight(metadata, dataset, tokenizer, EvaluationOptions.defaults(), direction,
                Condition.fullSweep(direction), 0, dataset.entries().size()))
                .hasMessageStartingWith(expected.size() + " entries have no " + target + " target in " + wire + ": ")
                .hasMessageEndingWith("use --untargeted skip (experiment option \"untargeted\": \"skip\")")
                .satisfies(e -> expected.forEach(r -> assertThat(e.getMessage()).contains("example " + r.get("example")
                        + " (image " + r.get("image") + ", phrase '" + r.get("phrase") + "')")));
    }

    @ParameterizedTest
    @CsvSource({"demo-dual, vis4lang, fast", "demo-dual, lang4vis, fast", "demo-text, vis4lang, fast",
        "demo-dual, vis4lang, paper", "demo-dual, lang4vis, exact"})
    void underSkipTheRestGiveTheReferenceValuesAndNLeavesTheSkippedOut(String name, String wire, String batching) {
        Direction direction = Direction.parse(wire);
        List<ExampleResult> results = new ArrayList<>();
        List<SkippedEntry> reported = new ArrayList<>();
        EvaluationStats stats;
        try (LoadedModel model = LoadedModel.load(Demo.model(name), Device.cpu())) {
            stats = new Evaluator(model, dataset, tokenizer, new EvaluationOptions(7, true, Batching.parse(batching), Untargeted.SKIP))
                    .evaluate(direction, Condition.fullSweep(direction), 0, dataset.entries().size(), new EvaluationListener() {
                        @Override
                        public void onChunk(List<ExampleResult> chunk, int done, int total) {
                            results.addAll(chunk);
                        }

                        @Override
                        public void onSkipped(List<SkippedEntry> skipped) {
                            reported.addAll(skipped);
                        }
                    });
        }
        List<CSVRecord> expected = skipped(direction);
        assertThat(reported.stream().map(SkippedEntry::example).toList())
                .isEqualTo(expected.stream().map(r -> Integer.parseInt(r.get("example"))).toList());
        assertThat(reported).allSatisfy(s -> assertThat(s.reason()).contains(direction == Direction.VIS4LANG
                ? "no MLM target" : "no MRC target"));
        assertThat(stats.skipped()).isEqualTo(expected.size());
        Set<Integer> scored = results.stream().map(ExampleResult::example).collect(Collectors.toSet());
        assertThat(scored).hasSize(dataset.entries().size() - expected.size())
                .doesNotContainAnyElementsOf(reported.stream().map(SkippedEntry::example).toList());
        List<CSVRecord> golden = GoldenFiles.read(GOLDEN.resolve(name).resolve(wire + ".tsv.gz"));
        double worst = GoldenFiles.maxDifference(results, golden, direction);
        System.out.printf("untargeted skip %s %s %s: %d scored, %d skipped, max |Δ| %.3g nats%n", name, wire, batching,
                scored.size(), reported.size(), worst);
        assertThat(worst).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void anEntryCanLackATargetInOneDirectionOnly() {
        Set<String> vis = skipped(Direction.VIS4LANG).stream().map(r -> r.get("example")).collect(Collectors.toSet());
        Set<String> lang = skipped(Direction.LANG4VIS).stream().map(r -> r.get("example")).collect(Collectors.toSet());
        assertThat(vis).containsAnyElementsOf(lang);
        assertThat(vis).isNotEqualTo(lang);
        List<SkippedEntry> found = Evaluator.untargeted(dataset, tokenizer, Direction.LANG4VIS, 0, dataset.entries().size());
        assertThat(found.stream().map(s -> Integer.toString(s.example())).collect(Collectors.toSet())).isEqualTo(lang);
    }

    private static List<CSVRecord> skipped(Direction direction) {
        return GoldenFiles.read(GOLDEN.resolve("skipped.tsv")).stream()
                .filter(r -> r.get("direction").equals(direction.wireName())).toList();
    }
}
