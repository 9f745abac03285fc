package org.xmodal.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.ConditionPlan;
import org.xmodal.ablation.Direction;
import org.xmodal.data.Dataset;
import org.xmodal.data.HuggingFaceWordPiece;
import org.xmodal.evaluation.DeviceSpec;
import org.xmodal.evaluation.EvaluationOptions;
import org.xmodal.evaluation.EvaluationStats;
import org.xmodal.evaluation.Evaluator;
import org.xmodal.evaluation.LoadedModel;
import org.xmodal.result.ExampleResultWriter;
import org.xmodal.result.RunSummary;
import org.xmodal.result.SummaryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xmodal evaluate}: runs models on a dataset under the chosen directions and conditions, prints the table. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate models under cross-modal input ablation and print n, mean bits and Δ vs none.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Option(names = "--demo", description = "Use the bundled demo corpus and all bundled reference models.")
    boolean demo;

    @Option(names = "--demo-dir", defaultValue = "${sys:xmodal.demo.dir:-demo}",
            description = "Where the bundled demo lives (default: ${DEFAULT-VALUE}).")
    Path demoDir;

    @Option(names = "--dataset", description = "Dataset directory (holds dataset.json).")
    Path dataset;

    @Option(names = "--model", description = "Model metadata file <name>.json (repeatable).")
    List<Path> models = new ArrayList<>();

    @Option(names = "--direction", split = ",", description = "vis4lang, lang4vis (default: both).")
    List<String> directions = new ArrayList<>();

    @Option(names = "--condition", split = ",",
            description = "Conditions, e.g. none,object@0.5,all,phrase; each goes to the directions it belongs to "
                    + "(default: the full sweep: none, object@0.9…0.0, all / none, phrase, all).")
    List<String> conditions = new ArrayList<>();

    @Option(names = "--batch-size", defaultValue = "32", description = "Forward passes per model call (default: ${DEFAULT-VALUE}).")
    int batchSize;



    @Option(names = "--limit", description = "Evaluate only the first N examples.")
    Integer limit;

    @Option(names = "--out", description = "Write per-example results to DIR/<model>/<direction>.tsv.")
    Path out;

    @Option(names = "--no-reuse", description = "Run one forward pass per condition even where inputs are equal.")
    boolean noReuse;

    @Override
    public Integer call() {
        engine.applyBeforeEngineLoads();
        resolveDemo();
        if (dataset == null || models.isEmpty()) {
            throw new IllegalArgumentException("give --dataset and at least one --model, or --demo");
        }
        EvaluationOptions options = new EvaluationOptions(batchSize, !noReuse);
        Map<Direction, List<Condition>> plan = ConditionPlan.of(parseDirections(), conditions);
        Device target = DeviceSpec.parse(engine.device);
        PrintWriter err = spec.commandLine().getErr();
        List<SummaryTable.Row> rows = new ArrayList<>();
        try (Dataset data = Dataset.open(dataset)) {
            int end = limit == null ? data.entries().size() : Math.min(limit, data.entries().size());
            err.printf(Locale.ROOT, "dataset %s: %d examples (evaluating %d) on %s%n", data.name(),
                    data.entries().size(), end, target);
            for (Path modelFile : models) {
                rows.addAll(evaluateModel(modelFile, data, target, options, plan, end, err));
            }
        }
        spec.commandLine().getOut().print(SummaryTable.format(rows));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private List<SummaryTable.Row> evaluateModel(Path modelFile, Dataset data, Device target, EvaluationOptions options,
                                                 Map<Direction, List<Condition>> plan, int end, PrintWriter err) {
        List<SummaryTable.Row> rows = new ArrayList<>();
        try (LoadedModel model = LoadedModel.load(modelFile, target);
             HuggingFaceWordPiece tokenizer = HuggingFaceWordPiece.load(
                     modelFile.toAbsolutePath().getParent().resolve(model.metadata().tokenizer()))) {
            Evaluator evaluator = new Evaluator(model, data, tokenizer, options);
            String name = model.metadata().name();
            for (Map.Entry<Direction, List<Condition>> run : plan.entrySet()) {
                Direction direction = run.getKey();
                if (direction == Direction.LANG4VIS && model.metadata().textOnly()) {
                    err.printf("%s: text-only model, lang4vis does not apply%n", name);
                    continue;
                }
                List<Condition> chosen = run.getValue();
                RunSummary summary = new RunSummary(direction, chosen);
                try (ExampleResultWriter writer = out == null ? null
                        : new ExampleResultWriter(out.resolve(name).resolve(direction.wireName() + ".tsv"), direction)) {
                    EvaluationStats stats = evaluator.evaluate(direction, chosen, 0, end, (results, done, total) -> {
                        summary.addAll(results);
                        if (writer != null) {
                            writer.write(results);
                        }
                    });
                    err.printf(Locale.ROOT, "%s %s: %d examples × %d conditions, %d forward passes (%d without reuse), %.1f s, %.0f examples/s%n",
                            name, direction, stats.examples(), stats.conditions(), stats.forwardPasses(),
                            stats.naiveForwardPasses(), stats.elapsedNanos() / 1e9,
                            stats.examples() / Math.max(1e-9, stats.elapsedNanos() / 1e9));
                }
                summary.summaries().forEach(s -> rows.add(new SummaryTable.Row(name, direction.wireName(), s)));
            }
        }
        return rows;
    }

    private void resolveDemo() {
        if (!demo) {
            return;
        }
        dataset = dataset != null ? dataset : demoDir.resolve("corpus");
        if (models.isEmpty()) {
            try (Stream<Path> files = Files.list(demoDir.resolve("models"))) {
                files.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .filter(p -> !p.getFileName().toString().equals("tokenizer.json"))
                        .sorted().forEach(models::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("the demo is not at " + demoDir.toAbsolutePath()
                        + " (run from the repository root or pass --demo-dir)");
            }
        }
    }

    private List<Direction> parseDirections() {
        return directions.isEmpty() ? List.of(Direction.VIS4LANG, Direction.LANG4VIS)
                : directions.stream().map(Direction::parse).distinct().toList();
    }
}
