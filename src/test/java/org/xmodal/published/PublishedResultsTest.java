package org.xmodal.published;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.NamedCopies;
import org.xmodal.testing.PaperFiles;
import org.xmodal.testing.PostgresResource;

/**
 * The paper's tables imported at start (headline rows, seed groups of ten), imports refused whole when malformed,
 * the reproduce view of a demo sweep against a demo-shaped table, and seed groups in a comparison.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PublishedResultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIS = "val_0.5_vis4lang.tsv";
    private static final String LANG = "val_0.5_lang4vis.tsv";
    private static final List<String> ARCHITECTURES = List.of("LXMERT", "ViLBERT", "VL-BERT", "VisualBERT", "UNITER");
    private static long sweep;

    @Test
    void thePapersTablesAreThereWithTheirProvenance() {
        JsonNode tables = Api.json("/api/published");
        JsonNode paper = null;
        for (JsonNode t : tables) {
            paper = t.path("name").asText().equals("frank2021") ? t : paper;
        }
        assertThat(paper).as("the paper's tables are imported at start").isNotNull();
        assertThat(paper.path("meansOnly").asBoolean()).isTrue();
        assertThat(paper.path("citation").asText()).contains("Frank, Bugliarello & Elliott").contains("MIT License");
        assertThat(paper.path("sources").toString()).contains(VIS).contains(LANG);
        long xent = PaperFiles.lines(LANG).stream().filter(c -> c[3].isEmpty()).count();
        assertThat(paper.path("rowCount").asLong()).isEqualTo(PaperFiles.lines(VIS).size() + 2L * PaperFiles.lines(LANG).size() - xent);
    }

    @Test
    void theFiveArchitecturesHeadlineRowsAreThePublishedValues() {
        JsonNode rows = Api.json("/api/published/frank2021").path("rows");
        assertThat(value(rows, "LXMERT", "vis4lang", "none", "mlm")).isCloseTo(4.681, within(5e-4));
        assertThat(value(rows, "LXMERT", "vis4lang", "object@0.5", "mlm")).isCloseTo(4.996, within(5e-4));
        assertThat(value(rows, "LXMERT", "vis4lang", "all", "mlm")).isCloseTo(5.717, within(5e-4));
        for (String a : ARCHITECTURES) {
            assertThat(value(rows, a, "vis4lang", "none", "mlm")).isEqualTo(PaperFiles.value(VIS, a, "None", 3));
            assertThat(value(rows, a, "vis4lang", "object@0.5", "mlm")).isEqualTo(PaperFiles.value(VIS, a, "0.5", 3));
            assertThat(value(rows, a, "vis4lang", "all", "mlm")).isEqualTo(PaperFiles.value(VIS, a, "All", 3));
            for (String[] c : List.of(new String[] {"None", "none"}, new String[] {"Phrase", "phrase"}, new String[] {"All", "all"})) {
                assertThat(value(rows, a, "lang4vis", c[1], "mrc-kl")).isEqualTo(PaperFiles.value(LANG, a, c[0], 3));
                assertThat(value(rows, a, "lang4vis", c[1], "mrc-xe")).isEqualTo(PaperFiles.value(LANG, a, c[0], 4));
                assertThat(row(rows, a, "lang4vis", c[1], "mrc-xe").path("caveat").asText()).contains("off by one");
            }
        }
        assertThat(value(rows, "BERT-CC", "vis4lang", "none", "mlm")).isEqualTo(5.39354745101637);
        JsonNode thr = row(rows, "UNITER-thr04iot", "vis4lang", "object@0.3", "mlm");
        assertThat(thr.path("architecture").asText()).isEqualTo("UNITER");
        assertThat(thr.path("variant").asText()).isEqualTo("thr04iot");
        assertThat(row(rows, "VL-BERT_s89", "vis4lang", "none", "mlm").path("seed").asLong()).isEqualTo(89);
    }

    @Test
    void theSeedGroupsHoldTenSeedsWithTheirMeanAndSd() {
        JsonNode groups = Api.json("/api/published/frank2021").path("groups");
        for (String a : ARCHITECTURES) {
            for (String[] c : List.of(new String[] {VIS, "None", "vis4lang", "none", "mlm"}, new String[] {VIS, "0.5", "vis4lang", "object@0.5", "mlm"},
                    new String[] {VIS, "All", "vis4lang", "all", "mlm"}, new String[] {LANG, "None", "lang4vis", "none", "mrc-kl"},
                    new String[] {LANG, "All", "lang4vis", "all", "mrc-kl"})) {
                List<Double> seeds = new ArrayList<>();
                for (String[] line : PaperFiles.lines(c[0])) {
                    if (line[1].startsWith(a + "_s") && line[2].equals(c[1])) {
                        seeds.add(Double.parseDouble(line[3]));
                    }
                }
                double[] expected = PaperFiles.meanAndSd(seeds);
                JsonNode g = group(groups, a, c[2], c[3], c[4]);
                assertThat(seeds).hasSize(10);
                assertThat(g.path("seeds").asInt()).isEqualTo(10);
                assertThat(g.path("members")).hasSize(10);
                assertThat(g.path("meanBits").asDouble()).isCloseTo(expected[0], within(1e-12));
                assertThat(g.path("sdAcrossSeedsBits").asDouble()).isCloseTo(expected[1], within(1e-12));
                assertThat(g.path("minBits").asDouble()).isEqualTo(seeds.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
                assertThat(g.path("maxBits").asDouble()).isEqualTo(seeds.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            }
        }
        // the figures the paper's seed table gives (mean over the ten seeds, bits)
        assertThat(group(groups, "LXMERT", "vis4lang", "none", "mlm").path("meanBits").asDouble()).isCloseTo(4.705, within(5e-4));
        assertThat(group(groups, "UNITER", "vis4lang", "all", "mlm").path("meanBits").asDouble()).isCloseTo(5.909, within(5e-4));
        assertThat(group(groups, "ViLBERT", "lang4vis", "all", "mrc-kl").path("meanBits").asDouble()).isCloseTo(0.734, within(5e-4));
    }

    @Test
    void aMalformedImportIsRefusedAndStoresNothing() {
        String good = "\tModel\tMask\tMLM\n0\tM\tNone\t4.5\n1\tM\tAll\t5.5\n";
        String bad = "\tModel\tMask\tMRC-KL\n0\tM\tNone\t0.5\n1\tM\tSideways\t0.6\n";
        String body = importBody("refused", List.of(Map.of("file", "a.tsv", "content", good), Map.of("file", "b.tsv", "content", bad)));
        given().contentType(ContentType.JSON).body(body).post("/api/published").then().statusCode(400)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("detail", org.hamcrest.Matchers.containsString("b.tsv: line 3: Mask 'Sideways'"))
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("tables"));
        given().get("/api/published/refused").then().statusCode(404);
        given().contentType(ContentType.JSON).body(importBody("bad name!", List.of(Map.of("file", "a.tsv", "content", good))))
                .post("/api/published").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"citation\": \"c\", \"tables\": []}")
                .post("/api/published").then().statusCode(400);

        String once = importBody("once", List.of(Map.of("file", "a.tsv", "content", good)));
        given().contentType(ContentType.JSON).body(once).post("/api/published").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/published/once")).body("rowCount", org.hamcrest.Matchers.equalTo(2));
        given().contentType(ContentType.JSON).body(once).post("/api/published").then().statusCode(200);
        given().contentType(ContentType.JSON).body(importBody("once", List.of(Map.of("file", "a.tsv", "content", good.replace("5.5", "5.6")))))
                .post("/api/published").then().statusCode(409);
        assertThat(Api.json("/api/published/once").path("rows").get(1).path("meanBits").asDouble()).isEqualTo(5.5);
    }

    @Test
    void reproduceSetsADemoSweepAgainstADemoShapedTable() {
        long s = demoSweep();
        JsonNode rows = Api.json("/api/compare?sweeps=" + s).path("rows");
        Map<String, Double> offsets = new LinkedHashMap<>();
        offsets.put("demo-single", 0.0);
        offsets.put("demo-dual", 0.01);
        given().contentType(ContentType.JSON).body(importBody("demo-shaped", PaperFiles.demoShaped(rows, offsets)))
                .post("/api/published").then().statusCode(201);

        JsonNode r = Api.json("/api/reproduce?sweeps=" + s + "&published=demo-shaped");
        assertThat(r.path("toleranceBits").asDouble()).isEqualTo(0.001);
        assertThat(match(r, "demo-single").path("matchedBy").asText()).isEqualTo("name");
        assertThat(match(r, "demo-text").path("publishedModel").isNull()).isTrue();
        int compared = 0;
        for (JsonNode row : r.path("rows")) {
            String model = row.path("model").asText();
            double measured = PaperFiles.mean(rows, model, row.path("direction").asText(), row.path("condition").asText(),
                    row.path("metric").asText());
            assertThat(row.path("measuredBits").asDouble()).isEqualTo(measured);
            assertThat(row.path("differenceBits").asDouble()).isCloseTo(row.path("measuredBits").asDouble()
                    - row.path("publishedBits").asDouble(), within(1e-12));
            if (row.path("metric").asText().equals("mrc-xe")) {
                assertThat(row.path("within").isNull()).as("the published MRC-XE is not comparable").isTrue();
            } else {
                assertThat(row.path("within").asBoolean()).as(row.toString()).isEqualTo(model.equals("demo-single"));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(2 * 6);
        assertThat(r.path("within").asLong()).isEqualTo(6);
        assertThat(r.path("beyond").asLong()).isEqualTo(6);

        JsonNode loose = Api.json("/api/reproduce?sweeps=" + s + "&published=demo-shaped&tolerance=0.02&map=demo-text=demo-single");
        assertThat(loose.path("beyond").asLong()).as("demo-text's own losses are far from demo-single's").isPositive();
        assertThat(match(loose, "demo-text").path("matchedBy").asText()).isEqualTo("explicit");
        assertThat(loose.path("rows").findValues("model").stream().filter(m -> m.asText().equals("demo-dual")).count()).isEqualTo(9);
        given().get("/api/reproduce?sweeps=" + s + "&published=demo-shaped&tolerance=abc").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("tolerance"));
        given().get("/api/reproduce?sweeps=" + s + "&published=demo-shaped&map=demo-text=NoSuchModel").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("map"));
        given().get("/api/reproduce?sweeps=" + s + "&published=no-such-table").then().statusCode(404);
        given().get("/api/reproduce").then().statusCode(400);
    }

    @Test
    void aComparisonGroupsSeedsByNameAndByMetadata() {
        NamedCopies.model("seeds-a", "demo-single_s1");
        NamedCopies.dualInGroup("seeds-b", "other-dual", "demo-single");
        assertThat(Api.json("/api/models/other-dual").path("group").asText()).isEqualTo("demo-single");

        long s = Api.submit(Api.createExperiment(Api.experiment("seed groups", List.of("demo-single_s1", "other-dual", "demo-text"),
                Map.of("subsetTo", 16, "shardSize", 16))));
        assertThat(Api.awaitEnd(s, Duration.ofMinutes(3)).getString("state")).isEqualTo("succeeded");
        JsonNode comparison = Api.json("/api/compare?sweeps=" + s);
        JsonNode rows = comparison.path("rows");
        for (String[] c : List.of(new String[] {"vis4lang", "none", "mlm"}, new String[] {"vis4lang", "all", "mlm"},
                new String[] {"lang4vis", "phrase", "mrc-kl"})) {
            double a = PaperFiles.mean(rows, "demo-single_s1", c[0], c[1], c[2]);
            double b = PaperFiles.mean(rows, "other-dual", c[0], c[1], c[2]);
            double[] expected = PaperFiles.meanAndSd(List.of(a, b));
            JsonNode g = group(comparison.path("groups"), "demo-single", c[0], c[1], c[2]);
            assertThat(g.path("seeds").asInt()).isEqualTo(2);
            assertThat(g.path("meanBits").asDouble()).isCloseTo(expected[0], within(1e-12));
            assertThat(g.path("sdAcrossSeedsBits").asDouble()).isCloseTo(expected[1], within(1e-12));
            assertThat(g.path("minBits").asDouble()).isEqualTo(Math.min(a, b));
            assertThat(g.path("maxBits").asDouble()).isEqualTo(Math.max(a, b));
            assertThat(g.path("members").findValues("model").toString()).contains("demo-single_s1").contains("other-dual");
        }
        assertThat(comparison.path("groups").findValues("group").stream().map(JsonNode::asText).distinct().toList())
                .as("demo-text is in no group").containsExactly("demo-single");
    }

    /** A finished demo sweep of the three demo models on 16 examples, both directions, every condition. */
    static synchronized long demoSweep() {
        if (sweep == 0) {
            sweep = Api.submit(Api.createExperiment(Api.experiment("reproduce demo", List.of("demo-single", "demo-dual", "demo-text"),
                    Map.of("subsetTo", 16, "shardSize", 16))));
            assertThat(Api.awaitEnd(sweep, Duration.ofMinutes(3)).getString("state")).isEqualTo("succeeded");
        }
        return sweep;
    }

    private static String importBody(String name, List<Map<String, String>> tables) {
        try {
            return JSON.writeValueAsString(Map.of("name", name, "citation", "a test table", "tables", tables));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode match(JsonNode reproduce, String model) {
        for (JsonNode m : reproduce.path("models")) {
            if (m.path("model").asText().equals(model)) {
                return m;
            }
        }
        throw new AssertionError("no match for " + model);
    }

    private static JsonNode row(JsonNode rows, String model, String direction, String condition, String metric) {
        for (JsonNode r : rows) {
            if (r.path("model").asText().equals(model) && r.path("direction").asText().equals(direction)
                    && r.path("condition").asText().equals(condition) && r.path("metric").asText().equals(metric)) {
                return r;
            }
        }
        throw new AssertionError("no published row " + model + " " + direction + " " + condition + " " + metric);
    }

    private static double value(JsonNode rows, String model, String direction, String condition, String metric) {
        return row(rows, model, direction, condition, metric).path("meanBits").asDouble();
    }

    private static JsonNode group(JsonNode groups, String group, String direction, String condition, String metric) {
        for (JsonNode g : groups) {
            if (g.path("group").asText().equals(group) && g.path("direction").asText().equals(direction)
                    && g.path("condition").asText().equals(condition) && g.path("metric").asText().equals(metric)) {
                return g;
            }
        }
        throw new AssertionError("no group " + group + " " + direction + " " + condition + " " + metric);
    }
}
