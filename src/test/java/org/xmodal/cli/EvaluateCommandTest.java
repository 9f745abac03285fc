package org.xmodal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.testing.Demo;
import picocli.CommandLine;

class EvaluateCommandTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = XmodalCommand.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsTheTableForEveryModelDirectionAndCondition(@TempDir Path out) throws Exception {
        Run r = run("evaluate", "--demo", "--demo-dir", Demo.root().resolve("demo").toString(), "--limit", "40",
                "--condition", "none,object@0.5,all,phrase", "--device", "cpu", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("model", "direction", "condition", "metric", "n", "mean bits", "Δ vs none", "rel. Δ");
        // single and dual: 3 vis4lang + 3 mrc-kl + 3 mrc-xe rows; text: 3 vis4lang rows; then how the intervals were computed
        assertThat(lines).hasSize(1 + 9 + 9 + 3 + 1);
        assertThat(lines.get(0)).contains("mean CI", "Δ CI", "p Holm");
        assertThat(lines.get(lines.size() - 1)).startsWith("95% BCa intervals from a paired bootstrap over examples (10000 resamples, seed 20211107)");
        // the text-only model ignores vision: Δ exactly 0, a zero-width interval and p = 1
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("demo-text", "vis4lang", "all", "+0.0000", "[+0.0000, +0.0000]")
                .endsWith("1.000"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("demo-single", "vis4lang", "object@0.5", "mlm", " 40 ", "%"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("demo-dual", "lang4vis", "phrase", "mrc-kl"));
        assertThat(r.err()).contains("demo-text: text-only model, lang4vis does not apply").contains("forward passes");
        List<String> tsv = Files.readAllLines(out.resolve("demo-single/vis4lang.tsv"));
        assertThat(tsv.get(0)).isEqualTo("example\tcondition\tmlm_nats\tpredicted");
        assertThat(tsv).hasSize(1 + 40 * 3);
        assertThat(Files.readAllLines(out.resolve("demo-dual/lang4vis.tsv")).get(1)).startsWith("0\tnone\t");
    }

    @Test
    void withoutResamplesTheTableHasNoIntervalsAndTooFewAreRefused() {
        String demo = Demo.root().resolve("demo").toString();
        Run r = run("evaluate", "--demo", "--demo-dir", demo, "--limit", "8", "--direction", "vis4lang", "--condition", "none,all",
                "--device", "cpu", "--resamples", "0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("CI").doesNotContain("bootstrap");
        Run few = run("evaluate", "--demo", "--demo-dir", demo, "--limit", "8", "--resamples", "10");
        assertThat(few.exitCode()).isEqualTo(2);
        assertThat(few.err()).contains("at least 100 bootstrap resamples are needed, got 10").doesNotContain("\tat ");
    }

    @Test
    void aMissingDatasetIsAOneLineErrorWithExitCodeTwo(@TempDir Path dir) {
        Run r = run("evaluate", "--dataset", dir.resolve("nowhere").toString(), "--model", Demo.model("demo-single").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error (missing input data): dataset manifest not found").contains("nowhere")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aConditionOutsideItsRangeIsRejected() {
        Run r = run("evaluate", "--demo", "--demo-dir", Demo.root().resolve("demo").toString(), "--condition", "object@1.5",
                "--direction", "vis4lang", "--device", "cpu");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("threshold must lie in [0, 1]");
    }

    @Test
    void aMisspeltConditionIsNeverDroppedSilently() {
        Run r = run("evaluate", "--demo", "--demo-dir", Demo.root().resolve("demo").toString(), "--direction", "vis4lang",
                "--condition", "none,objct@0.5", "--device", "cpu");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("condition 'objct@0.5' fits none of the directions [vis4lang]");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBatchSizeOfZeroIsRejected() {
        Run r = run("evaluate", "--demo", "--demo-dir", Demo.root().resolve("demo").toString(), "--batch-size", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("batch size must lie in [1, 4096]");
    }

    @Test
    void withoutInputsItSaysWhatIsNeeded() {
        Run r = run("evaluate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("give --dataset and at least one --model, or --demo");
    }

    @Test
    void aClassCountMismatchFailsBeforeAnyForwardPassAndLeavesNoOutput(@TempDir Path dir) throws Exception {
        Path model = copyModel(dir.resolve("models"), "demo-dual", json -> json.replace("\"numClasses\": 41", "\"numClasses\": 40"));
        Path out = dir.resolve("out");
        Run r = run("evaluate", "--dataset", Demo.corpus().toString(), "--model", Demo.model("demo-single").toString(),
                "--model", model.toString(), "--limit", "20", "--device", "cpu", "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("model demo-dual predicts 40 region classes but dataset demo-val has 41")
                .doesNotContain("forward passes");
        assertThat(r.out()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void theDirectionsThatFinishedKeepTheirTableAndNoPartialFileLooksComplete(@TempDir Path out) {
        Path broken = Demo.root().resolve("src/test/resources/models/nan-output.json");
        Run r = run("evaluate", "--dataset", Demo.corpus().toString(), "--model", Demo.model("demo-text").toString(),
                "--model", broken.toString(), "--direction", "vis4lang", "--condition", "none,all", "--limit", "20",
                "--device", "cpu", "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("non-finite loss");
        assertThat(r.out()).contains("demo-text", "vis4lang", "mlm");
        assertThat(out.resolve("demo-text/vis4lang.tsv")).exists();
        try (var files = Files.walk(out)) {
            assertThat(files.map(Path::toString).filter(f -> f.contains("nan-output") && f.endsWith(".tsv")
                    || f.endsWith(".partial")).toList()).isEmpty();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fastBatchingIsRefusedForABatchDependentModelInOneLine(@TempDir Path dir) throws Exception {
        Path model = copyModel(dir, "demo-single", json -> json.replace("\"textOnly\": false", "\"textOnly\": false, \"batchDependent\": true"));
        Run r = run("evaluate", "--dataset", Demo.corpus().toString(), "--model", model.toString(), "--batching", "fast",
                "--limit", "20", "--device", "cpu");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n")
                .contains("model demo-single is batch-dependent", "use batching paper", "or exact");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownBatchingOrPolicyIsNamed() {
        Run r = run("evaluate", "--demo", "--demo-dir", Demo.root().resolve("demo").toString(), "--batching", "fastest");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("batching must be auto, paper, exact or fast, not 'fastest'");
        Run u = run("evaluate", "--demo", "--demo-dir", Demo.root().resolve("demo").toString(), "--untargeted", "drop");
        assertThat(u.exitCode()).isEqualTo(2);
        assertThat(u.err()).contains("untargeted must be error or skip, not 'drop'");
    }

    /** A copy of a demo model (TorchScript file, tokenizer) whose metadata JSON {@code edit} changes. */
    static Path copyModel(Path dir, String name, java.util.function.UnaryOperator<String> edit) throws java.io.IOException {
        Files.createDirectories(dir);
        Files.copy(Demo.models().resolve(name + ".pt"), dir.resolve(name + ".pt"));
        Files.copy(Demo.tokenizer(), dir.resolve("tokenizer.json"));
        String json = Files.readString(Demo.model(name));
        String edited = edit.apply(json);
        assertThat(edited).as("the edit applies").isNotEqualTo(json);
        return Files.writeString(dir.resolve(name + ".json"), edited);
    }
}
