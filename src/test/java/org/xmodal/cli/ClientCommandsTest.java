package org.xmodal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.testing.PostgresResource;
import picocli.CommandLine;

/** The CLI over the REST API of a running node: submit a YAML experiment and watch it, compare, export. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ClientCommandsTest {
    @TestHTTPResource("/")
    URL server;

    @TempDir
    Path dir;

    private record Outcome(int exit, String out, String err) {
    }

    private Outcome xmodal(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = XmodalCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withServer = new String[args.length + 2];
        System.arraycopy(args, 0, withServer, 0, args.length);
        withServer[args.length] = "--server";
        withServer[args.length + 1] = server.toString();
        return new Outcome(cli.execute(withServer), out.toString(), err.toString());
    }

    @Test
    void submitAYamlExperimentWatchItCompareAndExport() throws Exception {
        Path file = Files.writeString(dir.resolve("experiment.yaml"), """
                name: from yaml
                dataset: demo-val
                models: [demo-single, demo-text]
                directions: [vis4lang]
                conditions: [none, object@0.5, all]
                options:
                  subsetTo: 64
                  shardSize: 32
                  tags: [cli]
                """);

        Outcome submitted = xmodal("submit", file.toString(), "--watch");

        assertThat(submitted.exit()).as(submitted.err()).isZero();
        assertThat(submitted.out()).contains("sweep").contains("submitted");
        assertThat(submitted.err()).contains("100.0%").contains("succeeded");
        assertThat(submitted.out()).containsPattern("demo-single +vis4lang +object@0.5 +mlm +64 ");
        assertThat(submitted.out()).containsPattern("demo-text +vis4lang +all +mlm +64 .* \\+0.0000 ");
        long sweep = Long.parseLong(submitted.out().replaceAll("(?s).*sweep (\\d+) submitted.*", "$1"));

        Outcome compared = xmodal("compare", "--sweeps", Long.toString(sweep));
        assertThat(compared.exit()).isZero();
        assertThat(compared.out().lines()).hasSize(1 + 6 + 1); // and the sentence that says how the intervals were computed
        assertThat(compared.out()).contains("mean CI").contains("BCa intervals from a paired bootstrap");

        Path tex = dir.resolve("comparison.tex");
        assertThat(xmodal("export", "--sweeps", Long.toString(sweep), "--format", "tex", "--out", tex.toString()).exit()).isZero();
        assertThat(Files.readString(tex)).contains("\\toprule").contains("demo-text & vis4lang & \\texttt{all} & MLM & 64 & ");
        Outcome refused = xmodal("export", "--run", "1", "--format", "md");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("--format md is for a comparison").doesNotContain("\tat ");

        Path csv = dir.resolve("comparison.csv");
        assertThat(xmodal("export", "--sweeps", Long.toString(sweep), "--format", "csv", "--out", csv.toString()).exit()).isZero();
        var rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(csv)).getRecords();
        assertThat(rows).hasSize(6).allSatisfy(r -> assertThat(r.get("n")).isEqualTo("64"));
    }

    @Test
    void exportOfARunHasOneRowPerExampleAndCondition() throws Exception {
        Path file = Files.writeString(dir.resolve("e.json"), """
                {"name": "export", "dataset": "demo-val", "models": ["demo-dual"], "directions": ["lang4vis"],
                 "options": {"subsetTo": 40, "shardSize": 40}}""");
        Outcome submitted = xmodal("submit", file.toString(), "--watch");
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        long sweep = Long.parseLong(submitted.out().replaceAll("(?s).*sweep (\\d+) submitted.*", "$1"));
        long run = new com.fasterxml.jackson.databind.ObjectMapper().readTree(new URL(server, "api/sweeps/" + sweep))
                .path("runs").get(0).path("id").asLong();
        Path tsv = dir.resolve("run.tsv");

        assertThat(xmodal("export", "--run", Long.toString(run), "--out", tsv.toString()).exit()).isZero();

        java.util.List<CSVRecord> rows = CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(tsv)).getRecords();
        assertThat(rows).hasSize(40 * 3);
        assertThat(rows.get(0).get("secondary_nats")).isNotEmpty();
        assertThat(rows.stream().map(r -> r.get("condition")).distinct()).containsExactly("none", "phrase", "all");
    }

    @Test
    void errorsAreOneReadableLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "name: bad\ndataset: demo-val\nmodels: [nope]\n");
        Outcome bad = xmodal("submit", file.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("models[0]").contains("no model named 'nope'").doesNotContain("Exception");

        Outcome missing = xmodal("watch", "987654");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("sweep 987654 does not exist");
    }
}
