package org.xmodal.attributes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmodal.data.Dataset;
import org.xmodal.data.Entry;
import org.xmodal.testing.Api;
import org.xmodal.testing.NamedCopies;
import org.xmodal.testing.Demo;
import org.xmodal.testing.GoldenFiles;
import org.xmodal.testing.PostgresResource;

/**
 * Subsets and breakdowns on the demo: phrase-type breakdowns and an imported-attribute subset equal the means
 * recomputed here from the exported per-example rows; imported gold labels give MRC-XE-VG as the eager reference
 * computes it and the labelmatch-agree subset; a malformed file stores nothing; an empty subset is n = 0.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SubsetsTest {
    private static final int EXAMPLES = 64;
    private static long dataset;
    private static long sweep;
    private static Map<String, Long> runs = new HashMap<>();
    private static List<Entry> entries;

    @BeforeEach
    void sweepOnce() throws IOException {
        if (sweep != 0) {
            return;
        }
        // the demo under its own name: labels imported here must not reach other tests' sweeps of demo-val
        NamedCopies.dataset("subsets-val", "subsets-val", Integer.MAX_VALUE);
        JsonNode datasets = Api.json("/api/datasets");
        for (JsonNode d : datasets) {
            if (d.path("name").asText().equals("subsets-val")) {
                dataset = d.path("id").asLong();
            }
        }
        assertThat(dataset).isPositive();
        try (Dataset demo = Dataset.open(Demo.corpus())) {
            entries = demo.entries();
        }
        String labels = Files.readString(Demo.root().resolve("src/test/resources/golden/labels/labels.tsv"));
        given().contentType("text/tab-separated-values").body(labels).post("/api/datasets/" + dataset + "/attributes")
                .then().statusCode(200);
        long experiment = Api.createExperiment(Map.of("name", "subsets", "dataset", "subsets-val", "models", List.of("demo-single"),
                "conditions", List.of("none", "object@0.5", "all", "phrase"), "options", Map.of("subsetTo", EXAMPLES, "shardSize", 32)));
        sweep = Api.submit(experiment);
        assertThat(Api.awaitEnd(sweep, Duration.ofMinutes(3)).getString("state")).isEqualTo("succeeded");
        for (JsonNode run : Api.json("/api/sweeps/" + sweep).path("runs")) {
            runs.put(run.path("direction").asText(), run.path("id").asLong());
        }
    }

    @Test
    void phraseTypeBreakdownsEqualTheMeansOfThePerExampleRows() throws IOException {
        Map<Integer, List<String>> types = new HashMap<>();
        entries.forEach(e -> types.put(e.index(), e.phrase().types().stream().map(String::toLowerCase).distinct().toList()));
        for (String direction : List.of("vis4lang", "lang4vis")) {
            long run = runs.get(direction);
            JsonNode summary = Api.json("/api/runs/" + run + "/summary?by=phrase-type");
            Map<String, double[]> expected = recompute(rows(run), e -> types.get(e));
            assertMatches(summary.path("rows"), expected);
            assertThat(summary.path("subset").path("by").asText()).isEqualTo("phrase-type");
            long people = entries.stream().filter(e -> types.get(e.index()).contains("people")).count();
            assertThat(summary.path("subset").path("cells").findValuesAsText("group")).contains("people");
            for (JsonNode cell : summary.path("subset").path("cells")) {
                if (cell.path("group").asText().equals("people")) {
                    assertThat(cell.path("examples").asLong()).as("people examples in the whole dataset").isEqualTo(people);
                }
            }
        }
    }

    @Test
    void anImportedAttributeSubsetEqualsTheMeansOfItsExamples() throws IOException {
        StringBuilder tsv = new StringBuilder("image\tcaption\tphrase\tparity\n");
        for (Entry e : entries.subList(0, 40)) {
            if (entries.stream().filter(o -> o.imageId() == e.imageId() && o.sentenceIndex() == e.sentenceIndex()
                    && o.phrase().text().equals(e.phrase().text())).count() == 1) {
                tsv.append(e.imageId()).append('\t').append(e.sentenceIndex()).append('\t').append(e.phrase().text()).append('\t')
                        .append(e.index() % 2 == 0 ? "even" : "odd").append('\n');
            }
        }
        JsonNode imported = read(given().contentType("text/tab-separated-values").body(tsv.toString())
                .post("/api/datasets/" + dataset + "/attributes").then().statusCode(200).extract().asString());
        assertThat(imported.path("attributes").findValuesAsText("name")).containsExactly("parity");
        Map<Integer, List<String>> parity = new HashMap<>();
        for (CSVRecord r : CSVFormat.TDF.builder().setHeader().get().parse(new StringReader(tsv.toString()))) {
            int example = entries.stream().filter(e -> e.imageId() == Long.parseLong(r.get("image"))
                    && e.sentenceIndex() == Integer.parseInt(r.get("caption")) && e.phrase().text().equals(r.get("phrase")))
                    .findFirst().orElseThrow().index();
            parity.put(example, List.of(r.get("parity")));
        }
        long run = runs.get("vis4lang");
        Map<String, double[]> expected = recompute(rows(run), e -> parity.getOrDefault(e, List.of()));
        expected.keySet().removeIf(k -> !k.endsWith("|even"));
        JsonNode compare = Api.json("/api/compare?runs=" + run + "&subset=parity:even");
        Map<String, double[]> asCells = new TreeMap<>();
        expected.forEach((k, v) -> asCells.put(k.replace("|even", "|null"), v));
        assertMatches(compare.path("rows"), asCells);
        assertThat(compare.path("subset").path("cells").get(0).path("examples").asLong())
                .isEqualTo(parity.values().stream().filter(v -> v.contains("even")).count());

        String csv = given().get("/api/compare.csv?runs=" + run + "&subset=parity:even&by=phrase-type").then().statusCode(200).extract().asString();
        List<CSVRecord> table = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(csv)).getRecords();
        assertThat(table).isNotEmpty().allSatisfy(r -> {
            assertThat(r.get("subset")).isEqualTo("parity:even");
            assertThat(r.get("by")).isEqualTo("phrase-type");
            assertThat(r.get("group")).isNotEmpty();
        });
        String restricted = given().get("/api/runs/" + run + "/results.tsv?subset=parity:odd&by=phrase-type").then().statusCode(200).extract().asString();
        List<CSVRecord> odd = CSVFormat.TDF.builder().setHeader().get().parse(new StringReader(restricted)).getRecords();
        assertThat(odd).isNotEmpty().allSatisfy(r -> assertThat(parity.get(Integer.parseInt(r.get("example")))).containsExactly("odd"));
        assertThat(odd.get(0).get("group")).isNotEmpty();
    }

    @Test
    void goldLabelsGiveMrcXeAgainstTheLabelAndTheLabelmatchAgreeSubset() throws IOException {
        long run = runs.get("lang4vis");
        List<CSVRecord> reference = GoldenFiles.read(Demo.root().resolve("src/test/resources/golden/labels/demo-single/lang4vis.tsv.gz"));
        Map<String, CSVRecord> byKey = new HashMap<>();
        reference.forEach(r -> byKey.put(r.get("example") + " " + r.get("condition"), r));
        double worst = 0;
        int labelled = 0;
        for (CSVRecord row : rows(run)) {
            CSVRecord want = byKey.get(row.get("example") + " " + row.get("condition"));
            if (want == null) {
                assertThat(row.get("label_nats")).isEmpty();
                continue;
            }
            labelled++;
            worst = Math.max(worst, Math.abs(Double.parseDouble(row.get("label_nats")) - Double.parseDouble(want.get("mrc_xe_label_nats"))));
        }
        assertThat(labelled).isEqualTo(reference.size());
        assertThat(worst).as("max |Δ| nats of MRC-XE-VG against the eager reference").isLessThan(1e-4);

        JsonNode summary = Api.json("/api/runs/" + run + "/summary");
        Map<String, double[]> agreeing = new TreeMap<>();
        for (String condition : List.of("none", "phrase", "all")) {
            double sum = reference.stream().filter(r -> r.get("condition").equals(condition))
                    .mapToDouble(r -> Double.parseDouble(r.get("mrc_xe_label_nats"))).sum();
            JsonNode row = find(summary.path("rows"), condition, "mrc-xe-label", null);
            assertThat(row.path("n").asLong()).isEqualTo(48);
            assertThat(row.path("meanBits").asDouble()).isCloseTo(sum / 48 / Math.log(2), org.assertj.core.data.Offset.offset(1e-4));
            List<CSVRecord> yes = reference.stream().filter(r -> r.get("condition").equals(condition) && r.get("agree").equals("yes")).toList();
            agreeing.put(condition, new double[] {yes.size(), yes.stream().mapToDouble(r -> Double.parseDouble(r.get("mrc_xe_label_nats"))).sum()
                    / yes.size() / Math.log(2)});
        }
        JsonNode agree = Api.json("/api/runs/" + run + "/summary?subset=labelmatch-agree:yes");
        agreeing.forEach((condition, want) -> {
            JsonNode row = find(agree.path("rows"), condition, "mrc-xe-label", null);
            assertThat(row.path("n").asLong()).isEqualTo((long) want[0]);
            assertThat(row.path("meanBits").asDouble()).isCloseTo(want[1], org.assertj.core.data.Offset.offset(1e-4));
        });
    }

    @Test
    void aMalformedFileStoresNothingAndAnEmptySubsetIsNZero() {
        JsonNode before = Api.json("/api/datasets/" + dataset + "/attributes");
        String problem = given().contentType("text/tab-separated-values").body("example\tlabel\tsource\n0\tman\ta\n999999\tman\tb\n")
                .post("/api/datasets/" + dataset + "/attributes").then().statusCode(400)
                .contentType(org.hamcrest.Matchers.containsString("problem+json")).extract().asString();
        assertThat(problem).contains("line 3: example '999999' is not an example index").contains("nothing was stored");
        assertThat(Api.json("/api/datasets/" + dataset + "/attributes")).isEqualTo(before);

        JsonNode empty = Api.json("/api/compare?sweeps=" + sweep + "&subset=phrase-type:no-such-type");
        assertThat(empty.path("rows")).isEmpty();
        assertThat(empty.path("subset").path("cells").get(0).path("examples").asLong()).isZero();
        given().get("/api/runs/" + runs.get("vis4lang") + "/summary?by=no-such-attribute").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("has no attribute 'no-such-attribute'"));
        given().get("/api/compare?sweeps=" + sweep + "&subset=phrase-type").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("is not name:value"));
    }

    /** The run's exported per-example rows. */
    private static List<CSVRecord> rows(long run) throws IOException {
        String tsv = given().get("/api/runs/" + run + "/results.tsv").then().statusCode(200).extract().asString();
        return CSVFormat.TDF.builder().setHeader().get().parse(new StringReader(tsv)).getRecords();
    }

    /** condition|metric|group → (n, mean bits) over the rows, an example counted in each of its groups. */
    private static Map<String, double[]> recompute(List<CSVRecord> rows, Function<Integer, List<String>> groups) {
        Map<String, List<Double>> values = new TreeMap<>();
        for (CSVRecord r : rows) {
            for (String g : groups.apply(Integer.parseInt(r.get("example")))) {
                boolean lang4vis = r.get("direction").equals("lang4vis");
                values.computeIfAbsent(r.get("condition") + "|" + (lang4vis ? "mrc-kl" : "mlm") + "|" + g, k -> new ArrayList<>())
                        .add(Double.parseDouble(r.get("loss_nats")));
                if (lang4vis) {
                    values.computeIfAbsent(r.get("condition") + "|mrc-xe|" + g, k -> new ArrayList<>())
                            .add(Double.parseDouble(r.get("secondary_nats")));
                }
            }
        }
        Map<String, double[]> means = new TreeMap<>();
        values.forEach((k, v) -> means.put(k, new double[] {v.size(), v.stream().mapToDouble(Double::doubleValue).sum() / v.size() / Math.log(2)}));
        return means;
    }

    private static void assertMatches(JsonNode rows, Map<String, double[]> expected) {
        Map<String, double[]> got = new TreeMap<>();
        for (JsonNode r : rows) {
            if (!r.path("metric").asText().equals("mrc-xe-label")) {
                got.put(r.path("condition").asText() + "|" + r.path("metric").asText() + "|" + r.path("group").asText("null"),
                        new double[] {r.path("n").asLong(), r.path("meanBits").asDouble()});
            }
        }
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, want) -> {
            assertThat(got.get(k)[0]).as("n of " + k).isEqualTo(want[0]);
            assertThat(got.get(k)[1]).as("mean bits of " + k).isCloseTo(want[1], org.assertj.core.data.Offset.offset(1e-6));
        });
    }

    private static JsonNode find(JsonNode rows, String condition, String metric, String group) {
        for (JsonNode r : rows) {
            if (r.path("condition").asText().equals(condition) && r.path("metric").asText().equals(metric)
                    && (group == null ? r.path("group").isNull() || r.path("group").isMissingNode() : r.path("group").asText().equals(group))) {
                return r;
            }
        }
        throw new AssertionError("no row " + condition + " " + metric + " " + group + " in " + rows);
    }

    private static JsonNode read(String json) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    }
}
