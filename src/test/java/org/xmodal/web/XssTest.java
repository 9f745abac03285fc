package org.xmodal.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.xmodal.testing.Api;
import org.xmodal.testing.NamedCopies;
import org.xmodal.testing.PostgresResource;

/**
 * Hostile strings in every place a user can store one (experiment names, tags, notes, model and dataset names)
 * are shown as text on every page and in every chart tooltip: no script runs, no element is made
 * from them, and the Content-Security-Policy is never even asked to block anything.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class XssTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TAG = "xss-test";
    /** Elements no page makes itself: finding one means data was parsed as markup. */
    private static final String INJECTED = "main img, main iframe, main object, main embed, main video, main audio, main script, "
            + "main style, main math, main details, main b, main textarea, main input[autofocus], main svg:not(.chart svg), "
            + "main [onerror], main [onload], main [onmouseover], main [onclick], main [onfocus], main [ontoggle], main a[href^='javascript']";
    /** Records what the policy blocked, and what each chart's tooltip showed and was built of. */
    private static final String WATCH = """
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
            window.__tips = new Set();
            window.__tipTags = new Set();
            new MutationObserver(records => {
              for (const r of records) {
                const box = r.target.closest && r.target.closest('.chart') || r.target.parentElement?.closest('.chart');
                if (!box) continue;
                for (const n of r.addedNodes) if (n.nodeType === 1 && !n.closest('svg')) {
                  window.__tipTags.add(n.tagName);
                  n.querySelectorAll('*').forEach(c => window.__tipTags.add(c.tagName));
                }
                for (const c of box.children) if (!c.querySelector('svg') && c.innerText) window.__tips.add(c.innerText);
              }
            }).observe(document, {childList: true, subtree: true, characterData: true});
            """;
    /** Names a spreadsheet would run as formulas, for the compare page's CSV (the server's exports: FormulaExportTest). */
    private static final List<String> FORMULAS = List.of("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)");
    private static List<String> payloads;
    private static Throwable setupFailed;
    private static long chartsSweep;

    @TestHTTPResource("/")
    URL root;

    private Browser browser;

    @BeforeEach
    void open() {
        browser = Browser.start();
        if (setupFailed != null) {
            throw new AssertionError("storing the payloads failed in an earlier test", setupFailed);
        }
        if (payloads == null) {
            try {
                storeEverywhere(payloads());
            } catch (RuntimeException | AssertionError e) {
                setupFailed = e;
                throw e;
            }
        }
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    static List<String> payloads() {
        try (InputStream in = XssTest.class.getResourceAsStream("/xss-payloads.txt")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(20).doesNotHaveDuplicates();
            return lines;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every payload as a model, a dataset, an experiment with a sweep, a tag and a note. */
    private static void storeEverywhere(List<String> hostile) {
        for (int i = 0; i < hostile.size(); i++) {
            NamedCopies.model("xss-model-" + i, hostile.get(i));
            NamedCopies.dataset("xss-dataset-" + i, hostile.get(i), 16);
        }
        for (int i = 0; i < FORMULAS.size(); i++) {
            NamedCopies.model("formula-model-" + i, FORMULAS.get(i));
        }
        List<String> models = new ArrayList<>(hostile);
        models.addAll(FORMULAS);
        List<String> tags = new ArrayList<>(hostile);
        tags.add(TAG);
        // one sweep runs every hostile model (its conditions are enough for all four charts); the other names,
        // tags, notes and datasets are experiments, listed in the history's experiments view
        chartsSweep = Api.submit(Api.createExperiment(Map.of("name", hostile.get(0), "dataset", hostile.get(0), "models", models,
                "conditions", List.of("none", "object@0.5", "object@0.3", "all", "phrase"),
                "options", Map.of("subsetTo", 16, "shardSize", 16, "tags", tags, "notes", String.join("\n", hostile)))));
        for (int i = 1; i < hostile.size(); i++) {
            Api.createExperiment(Map.of("name", hostile.get(i), "dataset", hostile.get(i), "models", List.of(hostile.get(i)),
                    "options", Map.of("tags", List.of(hostile.get(i), TAG), "notes", hostile.get(i))));
        }
        assertThat(Api.awaitEnd(chartsSweep, Duration.ofMinutes(5)).getString("state")).isEqualTo("succeeded");
        payloads = hostile;
    }

    @Test
    void historyExperimentsAndSweepPagesShowEveryPayloadAsText() {
        go("#/history?tag=" + TAG);
        browser.await(WAIT).until(d -> d.findElements(By.cssSelector("tr[data-sweep]")).size() == 1);
        assertShownLiterally("history", text("#history-results"), payloads);
        go("#/history?view=experiments&tag=" + TAG);
        browser.await(WAIT).until(d -> d.findElements(By.cssSelector("table.experiments tbody tr")).size() == payloads.size());
        assertShownLiterally("experiments", text("#history-results"), payloads);
        go("#/sweeps/" + chartsSweep);
        browser.await(WAIT).until(d -> "succeeded".equals(d.findElement(By.id("live")).getAttribute("data-state")));
        assertShownLiterally("sweep", text("#live") + text("h1") + text("main p.muted"), payloads);
        assertThat(text("pre.definition")).as("the notes, in the definition").contains("window.__xss=2");
        browser.screenshot("xss-sweep");
        assertClean("sweep");
    }

    @Test
    void everyChartElementAndTooltipOfTheComparisonIsText() {
        go("#/compare?sweeps=" + chartsSweep);
        browser.await(WAIT).until(d -> d.findElements(By.cssSelector(".chart svg")).size() == 4);
        assertShownLiterally("comparison table", text("table.comparison"), payloads);
        assertThat(text("#compare-body")).contains(payloads.get(0));

        int hovered = hoverEveryChartElement();
        int shown = showEveryTooltip();
        System.out.printf("XssTest: hovered %d chart elements and opened %d tooltips%n", hovered, shown);
        assertThat(hovered).isGreaterThan(payloads.size() * 3 * 2 + payloads.size());
        @SuppressWarnings("unchecked")
        List<String> tips = (List<String>) browser.js("return [...window.__tips];");
        assertShownLiterally("tooltips", String.join("\n", tips), payloads);
        @SuppressWarnings("unchecked")
        List<String> tags = (List<String>) browser.js("return [...window.__tipTags];");
        assertThat(tags).as("elements inside tooltips").isSubsetOf("DIV", "SPAN", "BR");
        browser.screenshot("xss-compare");
        assertClean("compare");
    }

    @Test
    void theComparePagesCsvNeutralisesFormulasAndKeepsNumbers() throws IOException {
        go("#/compare?sweeps=" + chartsSweep);
        browser.await(WAIT).until(d -> d.findElements(By.cssSelector(".chart svg")).size() == 4);
        browser.js("""
                window.__csv = [];
                const create = URL.createObjectURL;
                URL.createObjectURL = blob => { window.__csv.push(blob); return create.call(URL, blob); };""");
        browser.driver.findElement(By.xpath("//button[text()='Table as CSV']")).click();
        browser.await(WAIT).until(d -> ((Number) browser.js("return window.__csv.length;")).intValue() == 1);
        String csv = (String) browser.driver.executeAsyncScript("window.__csv[0].text().then(arguments[arguments.length - 1]);");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        List<String> expected = new ArrayList<>(payloads);
        FORMULAS.forEach(f -> expected.add("'" + f));
        assertThat(rows.stream().map(r -> r.get("model")).distinct()).containsExactlyInAnyOrderElementsOf(expected);
        for (CSVRecord r : rows) {
            for (String column : List.of("sweep", "run", "n", "mean_bits", "std_bits", "delta_bits", "relative_delta")) {
                if (!r.get(column).isEmpty()) {
                    assertThat(Double.parseDouble(r.get(column))).as(column).isNotNull();
                }
            }
        }
        assertThat(rows.stream().map(r -> r.get("delta_bits")).filter(v -> !v.isEmpty())).isNotEmpty();
        assertClean("compare CSV");
    }

    @Test
    void examplesModelsAndDatasetsShowEveryPayloadAsText() {
        long run = Api.sweep(chartsSweep).getLong("runs[0].id");
        go("#/runs/" + run + "/examples");
        browser.await(WAIT).until(d -> !d.findElements(By.cssSelector("table.examples tbody tr")).isEmpty());
        List<String> phrases = new ArrayList<>();
        for (JsonNode x : Api.json("/api/runs/" + run + "/examples?size=25").path("items")) {
            phrases.add(x.path("phrase").asText());
        }
        assertShownLiterally("examples", text("table.examples"), phrases);
        assertShownLiterally("examples title", text("h1"), List.of(Api.sweep(chartsSweep).getString("runs[0].model")));
        assertClean("examples");
        go("#/models");
        assertShownLiterally("models", text("table.models"), payloads);
        go("#/datasets");
        assertShownLiterally("datasets", text("table.datasets"), payloads);
        assertClean("registry");
    }

    @Test
    void thePolicyIsSentForPagesStaticFilesApiAnswersAndUnknownRoutes() {
        for (String path : List.of("/", "/app.js", "/api/sweeps/" + chartsSweep, "/no/such/route")) {
            assertThat(given().get(path).then().extract().header("Content-Security-Policy")).as(path)
                    .isEqualTo(SecurityHeadersTest.CSP);
        }
    }

    private void go(String hash) {
        browser.go(root, hash, WAIT);
    }

    private String text(String css) {
        return browser.driver.findElement(By.cssSelector(css)).getText();
    }

    private static void assertShownLiterally(String where, String text, List<String> expected) {
        for (String s : expected) {
            assertThat(text).as(where + " shows " + s).contains(s);
        }
    }

    /** Moves the mouse over the middle of every drawn shape and text of every chart; returns how many. */
    private int hoverEveryChartElement() {
        int hovered = 0;
        for (WebElement chart : browser.driver.findElements(By.cssSelector(".chart"))) {
            browser.js("arguments[0].scrollIntoView({block: 'center'});", chart);
            @SuppressWarnings("unchecked")
            List<List<Number>> points = (List<List<Number>>) browser.js("""
                    const points = [];
                    for (const el of arguments[0].querySelectorAll('svg path, svg text')) {
                      const b = el.getBoundingClientRect();
                      const x = Math.round(b.left + b.width / 2), y = Math.round(b.top + b.height / 2);
                      if ((b.width || b.height) && x >= 0 && y >= 0 && x < innerWidth && y < innerHeight) points.push([x, y]);
                    }
                    return points;""", chart);
            // one round trip per 50 moves: the browser still gets a mouse move, and ECharts a hover, for each
            for (int from = 0; from < points.size(); from += 50) {
                Actions moves = new Actions(browser.driver, Duration.ZERO);
                for (List<Number> p : points.subList(from, Math.min(points.size(), from + 50))) {
                    moves.moveToLocation(p.get(0).intValue(), p.get(1).intValue());
                    hovered++;
                }
                moves.perform();
            }
            assertThatNoDialog();
        }
        return hovered;
    }

    /** Opens the tooltip of every data item of every series of every chart; returns how many. */
    private int showEveryTooltip() {
        return ((Number) browser.js("""
                let shown = 0;
                for (const box of document.querySelectorAll('.chart')) {
                  const chart = echarts.getInstanceByDom(box);
                  chart.getOption().series.forEach((s, seriesIndex) => s.data.forEach((_, dataIndex) => {
                    chart.dispatchAction({type: 'showTip', seriesIndex, dataIndex});
                    shown++;
                  }));
                  chart.dispatchAction({type: 'hideTip'});
                }
                return shown;""")).intValue();
    }

    private void assertClean(String where) {
        assertThatNoDialog();
        @SuppressWarnings("unchecked")
        Map<String, Object> state = new HashMap<>((Map<String, Object>) browser.js("""
                return {xss: window.__xss === undefined ? null : String(window.__xss), title: document.title,
                        csp: window.__csp, injected: [...document.querySelectorAll(arguments[0])].map(e => e.outerHTML.slice(0, 80))};""",
                INJECTED));
        assertThat(state.get("xss")).as(where + ": a payload set window.__xss").isNull();
        assertThat(state.get("title")).as(where + ": a payload changed the title").isEqualTo("xmodal");
        assertThat((List<?>) state.get("injected")).as(where + ": elements made from data").isEmpty();
        assertThat((List<?>) state.get("csp")).as(where + ": the Content-Security-Policy had to block something").isEmpty();
    }

    private void assertThatNoDialog() {
        try {
            String text = browser.driver.switchTo().alert().getText();
            throw new AssertionError("a payload opened a dialog: " + text);
        } catch (NoAlertPresentException expected) {
            // no script ran
        }
    }
}
