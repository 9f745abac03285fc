package org.xmodal.cli;

import ai.djl.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
import org.xmodal.attributes.AttributeTable;
import org.xmodal.data.Dataset;
import org.xmodal.data.HuggingFaceWordPiece;
import org.xmodal.evaluation.Batching;
import org.xmodal.evaluation.DeviceSpec;
import org.xmodal.evaluation.EvaluationListener;
import org.xmodal.evaluation.EvaluationOptions;
import org.xmodal.evaluation.EvaluationStats;
import org.xmodal.evaluation.Evaluator;
import org.xmodal.evaluation.ExampleResult;
import org.xmodal.evaluation.LoadedModel;
import org.xmodal.evaluation.ModelMetadata;
import org.xmodal.evaluation.SkippedEntry;
import org.xmodal.evaluation.Untargeted;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;
import org.xmodal.result.ExampleResultWriter;
import org.xmodal.analysis.StatisticsSettings;
import org.xmodal.result.RunSummary;
import org.xmodal.result.SummaryTable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
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

    @Option(names = "--batching", defaultValue = "auto", paramLabel = "auto|paper|exact|fast",
            description = "How examples are grouped into model calls (default: ${DEFAULT-VALUE}: paper for batch-dependent "
                    + "models such as VOLTA's VL-BERT, fast for the others). paper: one condition at a time in the paper's "
                    + "batches of 16 consecutive examples; exact: each example on its own; fast: conditions and examples "
                    + "mixed in batches of --batch-size (refused for batch-dependent models).")
    String batching;

    @Option(names = "--untargeted", defaultValue = "error", paramLabel = "error|skip",
            description = "Entries with nothing to score in a direction (a vis4lang phrase beyond maxSeqLength, a lang4vis "
                    + "phrase with no region at IoT > 0.5): error stops before any forward pass and lists them all; skip "
                    + "leaves them out of the results and of n, and lists them (default: ${DEFAULT-VALUE}).")
    String untargeted;

    @Option(names = "--limit", description = "Evaluate only the first N examples.")
    Integer limit;

    @Option(names = "--out", description = "Write per-example results to DIR/<model>/<direction>.tsv.")
    Path out;

    @Option(names = "--no-reuse", description = "Run one forward pass per condition even where inputs are equal.")
    boolean noReuse;

    @Option(names = "--resamples", defaultValue = "10000",
            description = "Bootstrap resamples for the 95% intervals of every mean and Δ; 0: no intervals or p-values (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--permutations", defaultValue = "10000",
            description = "Sign-flip permutations for the p-value of every Δ vs none (default: ${DEFAULT-VALUE}).")
    int permutations;

    @Option(names = "--seed", defaultValue = "20211107", description = "Seed of the resamples and permutations (default: ${DEFAULT-VALUE}).")
    long seed;

    private StatisticsSettings statistics;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "A TSV of gold class labels (columns example, or image, caption and phrase; and label: a class name "
                    + "of the dataset's class list or its index): lang4vis also reports mrc-xe-label, MRC-XE against each "
                    + "labelled example's label (the paper's MRC-XE-VG).")
    Path labels;

    @Override
    public Integer call() {
        engine.applyBeforeEngineLoads();
        resolveDemo();
        if (dataset == null || models.isEmpty()) {
            throw new IllegalArgumentException("give --dataset and at least one --model, or --demo");
        }
        EvaluationOptions options = new EvaluationOptions(batchSize, !noReuse, Batching.parse(batching),
                Untargeted.parse(untargeted));
        Map<Direction, List<Condition>> plan = ConditionPlan.of(parseDirections(), conditions);
        Device target = DeviceSpec.parse(engine.device);
        PrintWriter err = spec.commandLine().getErr();
        List<SummaryTable.Row> rows = new ArrayList<>();
        statistics = resamples == 0 ? null : new StatisticsSettings(0.95, resamples, permutations, seed);
        try (Dataset data = Dataset.open(dataset)) {
            int end = limit == null ? data.entries().size() : Math.min(limit, data.entries().size());
            preflight(data, options, plan, end);
            int[] goldLabels = readLabels(data);
            err.printf(Locale.ROOT, "dataset %s: %d examples (evaluating %d) on %s%n", data.name(),
                    data.entries().size(), end, target);
            try {
                for (Path modelFile : models) {
                    evaluateModel(modelFile, data, target, options, plan, end, err, rows, goldLabels);
                }
            } finally {
                // the directions that finished keep their table even when a later one fails
                if (!rows.isEmpty()) {
                    spec.commandLine().getOut().print(SummaryTable.format(rows, statistics == null ? null : statistics.describe()));
                    spec.commandLine().getOut().flush();
                }
            }
        }
        return 0;
    }

    /** Every model against every direction, before any forward pass: all problems found are reported together. */
    private void preflight(Dataset data, EvaluationOptions options, Map<Direction, List<Condition>> plan, int end) {
        Map<String, XmodalException> problems = new java.util.LinkedHashMap<>(); // one per message: a model's batching fails every direction
        for (Path modelFile : models) {
            ModelMetadata metadata = ModelMetadata.read(modelFile);
            try (HuggingFaceWordPiece tokenizer = HuggingFaceWordPiece.load(tokenizerOf(modelFile, metadata))) {
                for (Map.Entry<Direction, List<Condition>> run : plan.entrySet()) {
                    if (run.getKey() == Direction.LANG4VIS && metadata.textOnly()) {
                        continue;
                    }
                    try {
                        Evaluator.preflight(metadata, data, tokenizer, options, run.getKey(), run.getValue(), 0, end);
                    } catch (XmodalException e) {
                        problems.putIfAbsent(e.getMessage(), e);
                    }
                }
            }
        }
        if (problems.size() == 1) {
            throw problems.values().iterator().next();
        }
        if (!problems.isEmpty()) {
            throw new XmodalException(problems.values().iterator().next().code(), problems.size()
                    + " problems, found before any forward pass:\n" + String.join("\n", problems.keySet().stream().map(m -> "- " + m).toList()));
        }
    }

    private static Path tokenizerOf(Path modelFile, ModelMetadata metadata) {
        return modelFile.toAbsolutePath().getParent().resolve(metadata.tokenizer());
    }

    private void evaluateModel(Path modelFile, Dataset data, Device target, EvaluationOptions options,
                               Map<Direction, List<Condition>> plan, int end, PrintWriter err, List<SummaryTable.Row> rows,
                               int[] goldLabels) {
        try (LoadedModel model = LoadedModel.load(modelFile, target);
             HuggingFaceWordPiece tokenizer = HuggingFaceWordPiece.load(
                     modelFile.toAbsolutePath().getParent().resolve(model.metadata().tokenizer()))) {
            Evaluator evaluator = new Evaluator(model, data, tokenizer, options).labels(goldLabels);
            String name = model.metadata().name();
            for (Map.Entry<Direction, List<Condition>> run : plan.entrySet()) {
                Direction direction = run.getKey();
                if (direction == Direction.LANG4VIS && model.metadata().textOnly()) {
                    err.printf("%s: text-only model, lang4vis does not apply%n", name);
                    continue;
                }
                List<Condition> chosen = run.getValue();
                RunSummary summary = new RunSummary(direction, chosen, statistics != null);
                List<SkippedEntry> skipped = new ArrayList<>();
                try (ExampleResultWriter writer = out == null ? null
                        : new ExampleResultWriter(out.resolve(name).resolve(direction.wireName() + ".tsv"), direction, goldLabels != null)) {
                    EvaluationStats stats = evaluator.evaluate(direction, chosen, 0, end, new EvaluationListener() {
                        @Override
                        public void onChunk(List<ExampleResult> results, int done, int total) {
                            summary.addAll(results);
                            if (writer != null) {
                                writer.write(results);
                            }
                        }

                        @Override
                        public void onSkipped(List<SkippedEntry> entries) {
                            skipped.addAll(entries);
                        }
                    });
                    if (writer != null) {
                        writeSkipped(out.resolve(name).resolve(direction.wireName() + ".skipped.tsv"), skipped);
                        writer.commit();
                    }
                    err.printf(Locale.ROOT, "%s %s: %d examples × %d conditions, batching %s, %d forward passes (%d without reuse), %.1f s, %.0f examples/s%n",
                            name, direction, stats.examples() - stats.skipped(), stats.conditions(), stats.batching().wireName(),
                            stats.forwardPasses(), stats.naiveForwardPasses(), stats.elapsedNanos() / 1e9,
                            stats.examples() / Math.max(1e-9, stats.elapsedNanos() / 1e9));
                }
                reportSkipped(err, name, direction, skipped);
                (statistics == null ? summary.summaries() : summary.summaries(statistics))
                        .forEach(s -> rows.add(new SummaryTable.Row(name, direction.wireName(), s)));
            }
        }
    }

    /** The gold labels of {@code --labels} by example (-1 without one), or null without the option. */
    private int[] readLabels(Dataset data) {
        if (labels == null) {
            return null;
        }
        String text;
        try {
            text = Files.readString(labels, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "cannot read the labels file " + labels + ": " + e.getMessage());
        }
        AttributeTable table;
        try {
            table = AttributeTable.parse(text, data.entries(), data.classNames());
        } catch (XmodalException e) {
            throw new XmodalException(e.code(), labels + ": " + e.getMessage());
        }
        int[] byExample = table.labels(data.classNames(), data.entries().size());
        if (byExample == null) {
            throw new IllegalArgumentException(labels + " has no 'label' column");
        }
        return byExample;
    }

    private static void reportSkipped(PrintWriter err, String model, Direction direction, List<SkippedEntry> skipped) {
        if (skipped.isEmpty()) {
            return;
        }
        err.printf(Locale.ROOT, "%s %s: skipped %d %s without a target (left out of n):%n", model, direction.wireName(),
                skipped.size(), skipped.size() == 1 ? "entry" : "entries");
        skipped.forEach(s -> err.println("  " + s.describe()));
    }

    /** The skipped entries beside the results ({@code example image phrase reason}); none: no file, an old one removed. */
    private static void writeSkipped(Path file, List<SkippedEntry> skipped) {
        try {
            if (skipped.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            try (CSVPrinter printer = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                    CSVFormat.TDF.builder().setHeader("example", "image", "phrase", "reason").setRecordSeparator('\n').get())) {
                for (SkippedEntry s : skipped) {
                    printer.printRecord(s.example(), s.imageId(), s.phrase(), s.reason());
                }
            }
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot write " + file + ": " + e.getMessage(), e);
        }
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
