package org.xmodal.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.testing.Api;
import org.xmodal.testing.NamedCopies;
import org.xmodal.testing.PostgresResource;
import picocli.CommandLine;

/**
 * Models named like spreadsheet formulas come out of every CSV and TSV export (REST, CLI) with a leading quote,
 * while the numeric columns, negative ones included, still read as numbers. The UI's own CSV is checked by the
 * browser test {@code XssTest}.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class FormulaExportTest {
    static final List<String> FORMULAS = List.of("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)");
    private static final List<String> COMPARISON_NUMBERS = List.of("run", "sweep", "n", "mean_bits", "std_bits", "delta_bits", "relative_delta");
    private static final List<String> RUN_NUMBERS = List.of("run", "example", "loss_nats", "secondary_nats", "target_region", "ablated_regions");
    private static long sweep;

    @TestHTTPResource("/")
    URL server;

    @TempDir
    Path dir;

    @BeforeEach
    void runFormulaNamedModels() {
        if (sweep == 0) {
            sweep = formulaSweep();
        }
    }

    /** A sweep of demo-single copies named like formulas, on the demo corpus; also stores the formulas as tags. */
    static long formulaSweep() {
        for (int i = 0; i < FORMULAS.size(); i++) {
            NamedCopies.model("formula-model-" + i, FORMULAS.get(i));
        }
        long id = Api.submit(Api.createExperiment(Map.of("name", "=formula names", "dataset", "demo-val", "models", FORMULAS,
                "conditions", List.of("none", "object@0.5", "all", "phrase"),
                "options", Map.of("subsetTo", 8, "shardSize", 8, "tags", FORMULAS))));
        assertThat(Api.awaitEnd(id, Duration.ofMinutes(3)).getString("state")).isEqualTo("succeeded");
        return id;
    }

    @Test
    void theComparisonExportsNeutraliseNamesAndKeepNumbers() throws IOException {
        for (String format : List.of("csv", "tsv")) {
            String body = given().get("/api/compare." + format + "?sweeps=" + sweep).then().statusCode(200).extract().asString();
            assertNeutralised(parse(format, body), "model", COMPARISON_NUMBERS);
        }
    }

    @Test
    void theRunExportsNeutraliseNamesAndKeepNumbers() throws IOException {
        for (Object run : Api.sweep(sweep).getList("runs.id")) {
            for (String format : List.of("csv", "tsv")) {
                String body = given().get("/api/runs/" + run + "/results." + format).then().statusCode(200).extract().asString();
                List<CSVRecord> rows = parse(format, body);
                assertThat(rows).isNotEmpty();
                assertThat(rows).allSatisfy(r -> assertThat(r.get("model")).startsWith("'"));
                assertNumeric(rows, RUN_NUMBERS);
            }
        }
    }

    @Test
    void theCliExportsNeutraliseNamesAndKeepNumbers() throws IOException {
        for (String format : List.of("csv", "tsv")) {
            Path file = dir.resolve("comparison." + format);
            assertThat(xmodal("export", "--sweeps", Long.toString(sweep), "--format", format, "--out", file.toString())).isZero();
            assertNeutralised(parse(format, Files.readString(file)), "model", COMPARISON_NUMBERS);
        }
        long run = ((Number) Api.sweep(sweep).getList("runs.id").get(0)).longValue();
        Path file = dir.resolve("run.tsv");
        assertThat(xmodal("export", "--run", Long.toString(run), "--out", file.toString())).isZero();
        List<CSVRecord> rows = parse("tsv", Files.readString(file));
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(FORMULAS.stream().map(f -> "'" + f)).contains(r.get("model")));
        assertNumeric(rows, RUN_NUMBERS);
    }

    /** Every formula name appears, with its leading quote, and never bare; the other columns read as numbers. */
    static void assertNeutralised(List<CSVRecord> rows, String column, List<String> numbers) {
        List<String> names = rows.stream().map(r -> r.get(column)).distinct().toList();
        assertThat(names).containsExactlyInAnyOrderElementsOf(FORMULAS.stream().map(f -> "'" + f).toList());
        assertNumeric(rows, numbers);
        assertThat(rows.stream().map(r -> r.get("delta_bits")).filter(v -> !v.isEmpty()))
                .as("Δ is written for the ablated conditions").isNotEmpty();
    }

    static void assertNumeric(List<CSVRecord> rows, List<String> columns) {
        for (CSVRecord r : rows) {
            for (String c : columns) {
                String v = r.get(c);
                if (!v.isEmpty()) {
                    assertThat(Double.parseDouble(v)).as(c + " = " + v).isNotNull();
                }
            }
        }
    }

    static List<CSVRecord> parse(String format, String body) throws IOException {
        CSVFormat base = format.equals("tsv") ? CSVFormat.TDF : CSVFormat.RFC4180;
        return base.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body)).getRecords();
    }

    private int xmodal(String... args) {
        CommandLine cli = XmodalCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        String[] withServer = Stream.concat(Arrays.stream(args), Stream.of("--server", server.toString())).toArray(String[]::new);
        int exit = cli.execute(withServer);
        assertThat(exit).as(err.toString()).isZero();
        return exit;
    }
}
