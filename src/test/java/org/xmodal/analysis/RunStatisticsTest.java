package org.xmodal.analysis;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.PostgresResource;

/**
 * The statistics of a demo sweep as a succeeded run caches them: the text-only model's Δ under vision ablation is
 * exactly 0 with a zero-width interval and p = 1, the vision-and-language models' MLM Δ under {@code all} is
 * significant, the cached numbers are those recomputed from the run's exported rows with the same settings, and the
 * comparison exports as LaTeX and Markdown tables.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RunStatisticsTest {
    private static final int EXAMPLES = 1000;
    private static long sweep;

    /** One sweep for every test of the class: three models, both directions, the headline conditions. */
    private static synchronized long sweep() {
        if (sweep == 0) {
            long experiment = Api.createExperiment(Map.of("name", "statistics", "dataset", "demo-val",
                    "models", List.of("demo-single", "demo-dual", "demo-text"), "conditions", List.of("none", "object@0.5", "phrase", "all"),
                    "options", Map.of("subsetTo", EXAMPLES, "shardSize", 400, "batchSize", 32)));
            long submitted = Api.submit(experiment);
            assertThat(Api.awaitEnd(submitted, Duration.ofMinutes(8)).getString("state")).isEqualTo("succeeded");
            sweep = submitted;
        }
        return sweep;
    }

    private static JsonNode row(JsonNode rows, String model, String direction, String condition, String metric) {
        for (JsonNode r : rows) {
            if (r.path("model").asText().equals(model) && r.path("direction").asText().equals(direction)
                    && r.path("condition").asText().equals(condition) && r.path("metric").asText().equals(metric)) {
                return r;
            }
        }
        throw new AssertionError("no row " + model + " " + direction + " " + condition + " " + metric);
    }

    @Test
    void theTextOnlyModelIsUnmovedByVisionAblationAndTheVisionAndLanguageModelsAreNot() {
        JsonNode comparison = Api.json("/api/compare?sweeps=" + sweep());
        assertThat(comparison.path("uncertainty").asText())
                .startsWith("95% BCa intervals from a paired bootstrap over examples (10000 resamples, seed 20211107)")
                .contains("sign-flip permutation test (10000 permutations").contains("Holm");
        for (String condition : List.of("object@0.5", "all")) {
            JsonNode text = row(comparison.path("rows"), "demo-text", "vis4lang", condition, "mlm");
            assertThat(text.path("deltaBits").asDouble()).as(condition).isEqualTo(0.0);
            assertThat(text.path("deltaLowBits").asDouble()).as(condition).isEqualTo(0.0);
            assertThat(text.path("deltaHighBits").asDouble()).as(condition).isEqualTo(0.0);
            assertThat(text.path("p").asDouble()).as(condition).isEqualTo(1.0);
            assertThat(text.path("pHolm").asDouble()).as(condition).isEqualTo(1.0);
        }
        for (String model : List.of("demo-single", "demo-dual")) {
            JsonNode all = row(comparison.path("rows"), model, "vis4lang", "all", "mlm");
            assertThat(all.path("p").asDouble()).as(model).isLessThan(0.001);
            assertThat(all.path("pHolm").asDouble()).as(model).isLessThan(0.001);
            assertThat(all.path("deltaLowBits").asDouble()).as(model).isPositive().isLessThan(all.path("deltaBits").asDouble());
            assertThat(all.path("deltaHighBits").asDouble()).as(model).isGreaterThan(all.path("deltaBits").asDouble());
            assertThat(all.path("relativeDeltaLow").asDouble()).as(model).isPositive()
                    .isLessThan(all.path("relativeDelta").asDouble());
            JsonNode none = row(comparison.path("rows"), model, "vis4lang", "none", "mlm");
            assertThat(none.path("p").isNull()).isTrue();
            assertThat(none.path("deltaLowBits").isNull()).isTrue();
            // MRC-XE is a metric of its own, with its own intervals and tests
            JsonNode xe = row(comparison.path("rows"), model, "lang4vis", "all", "mrc-xe");
            assertThat(xe.path("pHolm").isNumber()).as(model).isTrue();
        }
        for (JsonNode r : comparison.path("rows")) {
            assertThat(r.path("meanLowBits").asDouble()).isLessThan(r.path("meanBits").asDouble());
            assertThat(r.path("meanHighBits").asDouble()).isGreaterThan(r.path("meanBits").asDouble());
        }
    }

    @Test
    void theCachedNumbersAreThoseOfTheRunsStoredRowsInExampleOrder() throws IOException {
        JsonPath status = Api.sweep(sweep());
        long run = status.getLong("runs.find { it.model == 'demo-dual' && it.direction == 'lang4vis' }.id");
        JsonNode summary = Api.json("/api/runs/" + run + "/summary");
        assertThat(summary.path("uncertainty").asText()).contains("BCa");
        List<String> conditions = List.of("none", "phrase", "all");
        List<CSVRecord> rows = CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(given().get("/api/runs/" + run + "/results.tsv").asString())).getRecords();
        for (String metric : List.of("mrc-kl", "mrc-xe")) {
            double[] values = new double[EXAMPLES * conditions.size()];
            for (CSVRecord r : rows) {
                String column = metric.equals("mrc-kl") ? "loss_nats" : "secondary_nats";
                values[Integer.parseInt(r.get("example")) * conditions.size() + conditions.indexOf(r.get("condition"))] =
                        Float.parseFloat(r.get(column));
            }
            List<ConditionStatistics> expected = PairedStatistics.compute(values, 3, 0, StatisticsSettings.DEFAULT);
            for (JsonNode r : summary.path("rows")) {
                if (!r.path("metric").asText().equals(metric)) {
                    continue;
                }
                ConditionStatistics e = expected.get(conditions.indexOf(r.path("condition").asText()));
                assertThat(r.path("meanLowBits").asDouble()).isEqualTo(e.meanInterval().low() / Math.log(2));
                assertThat(r.path("meanHighBits").asDouble()).isEqualTo(e.meanInterval().high() / Math.log(2));
                if (e.p() != null) {
                    assertThat(r.path("deltaLowBits").asDouble()).isEqualTo(e.deltaInterval().low() / Math.log(2));
                    assertThat(r.path("p").asDouble()).isEqualTo(e.p());
                    assertThat(r.path("pHolm").asDouble()).isEqualTo(e.pHolm());
                }
            }
        }
    }

    @Test
    void theComparisonExportsAsLatexAndMarkdownTablesWithIntervalsAndN() {
        Response tex = given().get("/api/compare.tex?sweeps=" + sweep());
        assertThat(tex.statusCode()).isEqualTo(200);
        assertThat(tex.contentType()).startsWith("application/x-tex");
        String latex = tex.asString();
        assertThat(latex).contains("\\begin{tabular}", "\\toprule", "\\midrule", "\\bottomrule", "BCa")
                .contains("Model & Direction & Condition & Metric & $n$ & Mean bits [CI] & $\\Delta$ bits [CI] & $p$ (Holm)")
                .containsPattern("demo-single & vis4lang & \\\\texttt\\{all\\} & MLM & 1000 & \\d\\.\\d{3} \\[\\d\\.\\d{3}, \\d\\.\\d{3}\\] "
                        + "& \\$\\+\\d\\.\\d{3}\\$ \\[\\$\\+\\d\\.\\d{3}\\$, \\$\\+\\d\\.\\d{3}\\$\\] & \\$<\\$0\\.001 \\\\\\\\")
                .contains("demo-text & vis4lang & \\texttt{all} & MLM & 1000 & ")
                .contains("$+0.000$ [$+0.000$, $+0.000$] & 1.000 \\\\");
        Response md = given().get("/api/compare.md?sweeps=" + sweep());
        assertThat(md.contentType()).startsWith("text/markdown");
        List<String> lines = new ArrayList<>(md.asString().lines().toList());
        assertThat(lines).contains("| model | direction | condition | metric | n | mean bits [CI] | Δ bits [CI] | p (Holm) |");
        assertThat(lines.stream().filter(l -> l.startsWith("| demo-"))).hasSize(3 * 3 + 2 * 2 * 3);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("| demo-dual | vis4lang | all | MLM | 1000 | ").endsWith(" | <0.001 |"));
        assertThat(lines.get(lines.size() - 1)).contains("BCa intervals");
        given().get("/api/compare.tex").then().statusCode(400).contentType("application/problem+json");
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    @Test
    void theComparePageDrawsTheStoredBoundsAsErrorBarsAndItsExportsSayWhatTheyShow() {
        long id = sweep();
        JsonNode rows = Api.json("/api/compare?sweeps=" + id).path("rows");
        try (org.xmodal.web.Browser browser = org.xmodal.web.Browser.start()) {
            var driver = browser.driver;
            driver.get(root + "#/compare?sweeps=" + id);
            browser.await(Duration.ofSeconds(30)).until(d -> d.findElements(org.openqa.selenium.By.cssSelector(".chart svg")).size() == 4);
            for (String model : List.of("demo-single", "demo-dual", "demo-text")) {
                for (String condition : List.of("none", "object@0.5", "all")) {
                    JsonNode r = row(rows, model, "vis4lang", condition, "mlm");
                    assertThat(errorBar(driver, "mlm-bars", condition + " · CI", model))
                            .as(model + " " + condition).containsExactly(r.path("meanLowBits").asDouble(), r.path("meanHighBits").asDouble());
                }
                assertThat(errorBar(driver, "mlm-threshold", model + " · CI", "0.5")).containsExactly(
                        row(rows, model, "vis4lang", "object@0.5", "mlm").path("meanLowBits").asDouble(),
                        row(rows, model, "vis4lang", "object@0.5", "mlm").path("meanHighBits").asDouble());
            }
            for (String model : List.of("demo-single", "demo-dual")) {
                JsonNode r = row(rows, model, "lang4vis", "phrase", "mrc-kl");
                assertThat(errorBar(driver, "kl-bars", "phrase · CI", model))
                        .containsExactly(r.path("meanLowBits").asDouble(), r.path("meanHighBits").asDouble());
                @SuppressWarnings("unchecked")
                List<Number> cross = (List<Number>) driver.executeScript("""
                        const o = echarts.getInstanceByDom(document.getElementById('asymmetry')).getOption();
                        return o.series.find(s => s.name === 'rise · CI').data.find(p => p.name === arguments[0]).value;""", model);
                JsonNode mlm = row(rows, model, "vis4lang", "all", "mlm");
                JsonNode kl = row(rows, model, "lang4vis", "all", "mrc-kl");
                assertThat(cross.subList(2, 6).stream().map(Number::doubleValue).toList()).containsExactly(
                        mlm.path("relativeDeltaLow").asDouble(), mlm.path("relativeDeltaHigh").asDouble(),
                        kl.path("relativeDeltaLow").asDouble(), kl.path("relativeDeltaHigh").asDouble());
            }
            assertThat(driver.findElement(org.openqa.selenium.By.id("uncertainty")).getText()).contains("BCa");
            assertThat(driver.findElement(org.openqa.selenium.By.cssSelector("table.comparison thead")).getText()).contains("Mean CI", "p (Holm)");

            driver.executeScript("""
                    window.savedBlobs = [];
                    const original = URL.createObjectURL;
                    URL.createObjectURL = b => { window.savedBlobs.push(b); return original.call(URL, b); };""");
            driver.findElement(org.openqa.selenium.By.xpath("//figure[.//div[@id='mlm-bars']]//button[text()='SVG']")).click();
            String svg = (String) driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    window.savedBlobs[window.savedBlobs.length - 1].text().then(done);""");
            assertThat(svg).startsWith("<svg").contains("MLM loss (bits) when vision is ablated")
                    .contains("demo-val · n = 1,000 · runs ").contains("error bars: 95% BCa bootstrap intervals over examples");
        }
    }

    /** The [low, high] an error-bar series of a chart draws at the category {@code category}. */
    private static List<Double> errorBar(org.openqa.selenium.chrome.ChromeDriver driver, String chart, String series, String category) {
        @SuppressWarnings("unchecked")
        List<Number> v = (List<Number>) driver.executeScript("""
                const o = echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption();
                const s = o.series.find(s => s.name === arguments[1]);
                const i = o.xAxis[0].data.indexOf(arguments[2]);
                const d = s ? s.data.find(d => d[0] === i) : null;
                return d ? [d[1], d[2]] : null;""", chart, series, category);
        assertThat(v).as(chart + " " + series + " " + category).isNotNull();
        return v.stream().map(Number::doubleValue).toList();
    }
}
