package org.xmodal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.data.Dataset;
import org.xmodal.data.HuggingFaceWordPiece;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;
import org.xmodal.testing.Demo;

/** Models that break the contract or do not fit the dataset get an error that names them and says why. */
class ModelErrorsTest {
    static Dataset dataset;
    static HuggingFaceWordPiece tokenizer;

    @BeforeAll
    static void open() {
        dataset = Dataset.open(Demo.corpus());
        tokenizer = HuggingFaceWordPiece.load(Demo.tokenizer());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        dataset.close();
    }

    static Path fixture(String name) {
        return Demo.root().resolve("src/test/resources/models").resolve(name + ".json");
    }

    static XmodalException evaluateFails(Path metadata, Direction direction) {
        try (LoadedModel model = LoadedModel.load(metadata, Device.cpu())) {
            Evaluator evaluator = new Evaluator(model, dataset, tokenizer, new EvaluationOptions(4, true));
            evaluator.evaluate(direction, List.of(Condition.none(direction)), 0, 4, (r, d, t) -> { });
        } catch (XmodalException e) {
            return e;
        }
        throw new AssertionError("evaluation of " + metadata + " should have failed");
    }

    @Test
    void aFileThatIsNotTorchScriptFailsToLoadWithItsPath() {
        assertThatThrownBy(() -> LoadedModel.load(fixture("not-torchscript"), Device.cpu()))
                .isInstanceOfSatisfying(XmodalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_LOAD_FAILED))
                .hasMessageContaining("not-torchscript.pt");
    }

    @Test
    void wrongOutputShapesAreNamed() {
        XmodalException e = evaluateFails(fixture("wrong-shape"), Direction.VIS4LANG);
        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_OUTPUT_INVALID);
        assertThat(e.getMessage()).contains("wrong-shape", "text_logits of shape", "[B, L, vocabSize]");
        assertThat(evaluateFails(fixture("wrong-shape"), Direction.LANG4VIS).getMessage()).contains("region_logits");
    }

    @Test
    void aFailureMidRunLeavesTheDatasetUsable() {
        try (LoadedModel model = LoadedModel.load(fixture("nan-output"), Device.cpu())) {
            Evaluator evaluator = new Evaluator(model, dataset, tokenizer, new EvaluationOptions(2, true));
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> evaluator.evaluate(Direction.VIS4LANG, Condition.fullSweep(Direction.VIS4LANG),
                        0, 40, (r, d, t) -> { })).hasMessageContaining("non-finite");
            }
        }
        // the feature store's channels must still be open for the next run on the same dataset
        assertThat(dataset.features().read(dataset.entries().get(39).imageId()).regionCount()).isEqualTo(16);
        try (LoadedModel model = LoadedModel.load(Demo.model("demo-single"), Device.cpu())) {
            int[] seen = {0};
            new Evaluator(model, dataset, tokenizer, new EvaluationOptions(8, true)).evaluate(Direction.VIS4LANG,
                    List.of(Condition.none(Direction.VIS4LANG)), 0, 40, (r, d, t) -> seen[0] += r.size());
            assertThat(seen[0]).isEqualTo(40);
        }
    }

    @Test
    void aSingleOutputBreaksTheContract() {
        assertThat(evaluateFails(fixture("single-output"), Direction.VIS4LANG).getMessage())
                .contains("returned 1 outputs", "(text_logits, region_logits)");
    }

    @Test
    void nanOutputsAreCaughtWithTheExample() {
        XmodalException e = evaluateFails(fixture("nan-output"), Direction.VIS4LANG);
        assertThat(e.getMessage()).contains("non-finite loss", "example 0", "NaN or Inf");
        assertThat(evaluateFails(fixture("nan-output"), Direction.LANG4VIS).getMessage()).contains("non-finite");
    }

    @Test
    void aModelFileChangedAfterExportIsRefused(@TempDir Path dir) throws Exception {
        Path metadata = copyDemoModel("demo-single", dir, "\"sha256\": \"" + "0".repeat(64) + "\"");
        assertThatThrownBy(() -> LoadedModel.load(metadata, Device.cpu()))
                .hasMessageContaining("the file changed after export");
    }

    @Test
    void aFeatureSizeThatDisagreesWithTheDatasetIsRefused(@TempDir Path dir) throws Exception {
        Path metadata = copyDemoModel("demo-single", dir, "\"featureSize\": 2048");
        try (LoadedModel model = LoadedModel.load(metadata, Device.cpu())) {
            assertThatThrownBy(() -> new Evaluator(model, dataset, tokenizer, EvaluationOptions.defaults()))
                    .isInstanceOfSatisfying(XmodalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INCOMPATIBLE))
                    .hasMessageContaining("featureSize 2048").hasMessageContaining("size 32");
        }
    }

    @Test
    void aClassCountThatDisagreesWithTheDatasetIsRefusedForLang4vis(@TempDir Path dir) throws Exception {
        Path metadata = copyDemoModel("demo-single", dir, "\"numClasses\": 1601");
        try (LoadedModel model = LoadedModel.load(metadata, Device.cpu())) {
            Evaluator evaluator = new Evaluator(model, dataset, tokenizer, EvaluationOptions.defaults());
            assertThatThrownBy(() -> evaluator.evaluate(Direction.LANG4VIS, Condition.fullSweep(Direction.LANG4VIS), 0, 1,
                    (r, d, t) -> { })).hasMessageContaining("1601 region classes").hasMessageContaining("41 detector classes");
        }
    }

    @Test
    void aTextOnlyModelHasNoLang4vis() {
        try (LoadedModel model = LoadedModel.load(Demo.model("demo-text"), Device.cpu())) {
            Evaluator evaluator = new Evaluator(model, dataset, tokenizer, EvaluationOptions.defaults());
            assertThatThrownBy(() -> evaluator.evaluate(Direction.LANG4VIS, Condition.fullSweep(Direction.LANG4VIS), 0, 1,
                    (r, d, t) -> { })).hasMessageContaining("text-only");
        }
    }

    @Test
    void malformedMetadataIsNamed(@TempDir Path dir) throws Exception {
        Path metadata = copyDemoModel("demo-single", dir, "\"numLocations\": 7");
        assertThatThrownBy(() -> LoadedModel.load(metadata, Device.cpu()))
                .hasMessageContaining("demo-single.json").hasMessageContaining("numLocations must be 4 or 5");
    }

    /** Copies a demo model into {@code dir}, replacing one metadata field ({@code "key": value}). */
    static Path copyDemoModel(String name, Path dir, String replacement) throws Exception {
        Files.copy(Demo.models().resolve(name + ".pt"), dir.resolve(name + ".pt"));
        Files.copy(Demo.tokenizer(), dir.resolve("tokenizer.json"));
        String key = replacement.substring(0, replacement.indexOf(':') + 1);
        String json = Files.readString(Demo.model(name)).replaceAll("\"" + key.substring(1, key.length() - 2)
                + "\"\\s*:\\s*(\"[^\"]*\"|[^,}\\n]+)", java.util.regex.Matcher.quoteReplacement(replacement));
        Path metadata = dir.resolve(name + ".json");
        Files.writeString(metadata, json);
        return metadata;
    }
}
