package org.xmodal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.xmodal.testing.Api;
import org.xmodal.testing.PostgresResource;

/** The web UI in a real headless Chromium against a real node: history, sweep, compare, examples, registry. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class WebUiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static long finished;

    @TestHTTPResource("/")
    URL root;

    private Browser browser;

    @BeforeEach
    void open() {
        browser = Browser.start();
        if (finished == 0) {
            finished = Api.submit(Api.createExperiment(Api.experiment("ui finished", List.of("demo-single", "demo-dual", "demo-text"),
                    Map.of("subsetTo", 48, "shardSize", 48, "tags", List.of("ui")))));
            assertThat(Api.awaitEnd(finished, Duration.ofMinutes(3)).getString("state")).isEqualTo("succeeded");
        }
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    private void go(String hash) {
        browser.go(root, hash, WAIT);
    }

    @Test
    void theHistoryListsSweepsAndFilters() {
        go("#/history");
        browser.await(WAIT).until(d -> !d.findElements(By.cssSelector("tr[data-sweep='" + finished + "']")).isEmpty());
        browser.screenshot("history");
        WebElement search = browser.driver.findElement(By.cssSelector("input[name=q]"));
        search.sendKeys("no sweep has this name");
        browser.await(WAIT).until(d -> d.findElements(By.cssSelector("tr[data-sweep]")).isEmpty());
        assertThat(browser.driver.findElement(By.id("history-results")).getText()).contains("No sweeps match");
        go("#/history?tag=ui");
        browser.await(WAIT).until(d -> !d.findElements(By.cssSelector("tr[data-sweep='" + finished + "']")).isEmpty());
    }

    @Test
    void aFinishedSweepsChartsShowTheStoredNumbers() {
        go("#/sweeps/" + finished);
        browser.await(WAIT).until(d -> "succeeded".equals(d.findElement(By.id("live")).getAttribute("data-state")));
        assertThat(browser.driver.findElements(By.cssSelector("table.matrix td.cell.state-succeeded"))).hasSize(3 * 12 + 2 * 3);
        browser.screenshot("sweep-finished");

        go("#/compare?sweeps=" + finished);
        browser.await(WAIT).until(d -> d.findElements(By.cssSelector(".chart svg")).size() == 4);
        browser.screenshot("compare");
        JsonNode rows = Api.json("/api/compare?sweeps=" + finished).path("rows");
        assertThat(browser.driver.findElements(By.cssSelector("table.comparison tbody tr"))).hasSize(rows.size());
        for (String model : List.of("demo-single", "demo-dual", "demo-text")) {
            assertThat(seriesValue("mlm-bars", "none", model)).isEqualTo(mean(rows, model, "vis4lang", "none", "mlm"));
            assertThat(seriesValue("mlm-bars", "object@0.5", model)).isEqualTo(mean(rows, model, "vis4lang", "object@0.5", "mlm"));
            assertThat(seriesValue("mlm-bars", "all", model)).isEqualTo(mean(rows, model, "vis4lang", "all", "mlm"));
            assertThat(seriesValue("mlm-threshold", model, "0.3")).isEqualTo(mean(rows, model, "vis4lang", "object@0.3", "mlm"));
        }
        for (String model : List.of("demo-single", "demo-dual")) {
            assertThat(seriesValue("kl-bars", "phrase", model)).isEqualTo(mean(rows, model, "lang4vis", "phrase", "mrc-kl"));
            double mlmRise = mean(rows, model, "vis4lang", "all", "mlm") / mean(rows, model, "vis4lang", "none", "mlm") - 1;
            double klRise = mean(rows, model, "lang4vis", "all", "mrc-kl") / mean(rows, model, "lang4vis", "none", "mrc-kl") - 1;
            @SuppressWarnings("unchecked")
            List<Number> point = (List<Number>) browser.js("""
                    const o = echarts.getInstanceByDom(document.getElementById('asymmetry')).getOption();
                    return o.series[0].data.find(p => p.name === arguments[0]).value;""", model);
            assertThat(point.get(0).doubleValue()).isCloseTo(mlmRise, within(1e-12));
            assertThat(point.get(1).doubleValue()).isCloseTo(klRise, within(1e-12));
        }
        assertThat(browser.driver.findElement(By.cssSelector("table.comparison")).getText()).contains("demo-text").contains("+0.0%");
    }

    @Test
    void aRunningSweepsProgressAdvancesAndItCanBeCancelled() {
        long sweep = Api.submit(Api.createExperiment(Map.of("name", "ui running", "dataset", "demo-val", "models", List.of("demo-single"),
                "directions", List.of("vis4lang"), "options", Map.of("subsetTo", 4000, "shardSize", 500))));
        go("#/sweeps/" + sweep);
        browser.await(Duration.ofMinutes(1)).until(d -> done(d.findElement(By.id("live"))) > 0);
        long first = done(browser.driver.findElement(By.id("live")));
        browser.await(Duration.ofMinutes(1)).until(d -> done(d.findElement(By.id("live"))) > first);
        browser.screenshot("sweep-running");

        browser.driver.findElement(By.id("cancel")).click();
        browser.await(Duration.ofMinutes(1)).until(d -> "cancelled".equals(d.findElement(By.id("live")).getAttribute("data-state")));
        assertThat(Api.sweep(sweep).getString("state")).isEqualTo("cancelled");
        browser.await(WAIT).until(d -> d.findElement(By.id("retry")).isEnabled());
        browser.screenshot("sweep-cancelled");
    }

    @Test
    void aNameWithMarkupIsShownAsTextAndRunsNoScript() {
        String name = "<img src=x onerror=alert(1)>";
        long sweep = Api.submit(Api.createExperiment(Map.of("name", name, "dataset", "demo-val", "models", List.of("demo-text"),
                "directions", List.of("vis4lang"), "conditions", List.of("none"), "options", Map.of("subsetTo", 4, "tags", List.of("<b>tag</b>")))));
        Api.awaitEnd(sweep, Duration.ofMinutes(1));
        for (String page : List.of("#/history?tag=%3Cb%3Etag%3C%2Fb%3E", "#/sweeps/" + sweep, "#/history?view=experiments&tag=%3Cb%3Etag%3C%2Fb%3E")) {
            go(page);
            browser.await(WAIT).until(d -> d.findElements(By.cssSelector(".name")).stream().anyMatch(e -> e.getText().contains(name)));
            assertThat(browser.driver.findElements(By.cssSelector("main img"))).isEmpty();
            assertThat(browser.driver.findElements(By.cssSelector("main b"))).isEmpty();
            assertThatNoAlert();
        }
        browser.screenshot("markup-as-text");
    }

    @Test
    void examplesModelsAndDatasetsPages() {
        long run = Api.sweep(finished).getLong("runs[0].id");
        go("#/runs/" + run + "/examples?sort=effect");
        browser.await(WAIT).until(d -> !d.findElements(By.cssSelector("table.examples tbody tr")).isEmpty());
        assertThat(browser.driver.findElements(By.cssSelector("table.examples tbody tr mark"))).isNotEmpty();
        browser.screenshot("examples");
        go("#/models");
        assertThat(browser.driver.findElement(By.cssSelector("table.models")).getText()).contains("demo-single").contains("single-stream");
        browser.screenshot("models");
        go("#/datasets");
        assertThat(browser.driver.findElement(By.cssSelector("table.datasets")).getText()).contains("demo-val").contains("8,987");
        browser.screenshot("datasets");
    }

    private void assertThatNoAlert() {
        try {
            browser.driver.switchTo().alert();
            throw new AssertionError("a script ran and opened an alert");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    private static long done(WebElement live) {
        String v = live.getAttribute("data-examples-done");
        return v == null ? -1 : Long.parseLong(v);
    }

    /** The value a chart draws for series {@code series} at category {@code category}, read from ECharts itself. */
    private double seriesValue(String chart, String series, String category) {
        Object v = browser.js("""
                const o = echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption();
                const s = o.series.find(s => s.name === arguments[1]);
                const i = o.xAxis[0].data.indexOf(arguments[2]);
                return s && i >= 0 ? s.data[i] : null;""", chart, series, category);
        assertThat(v).as(chart + " " + series + " " + category).isNotNull();
        return ((Number) v).doubleValue();
    }

    private static double mean(JsonNode rows, String model, String direction, String condition, String metric) {
        for (JsonNode r : rows) {
            if (r.path("model").asText().equals(model) && r.path("direction").asText().equals(direction)
                    && r.path("condition").asText().equals(condition) && r.path("metric").asText().equals(metric)) {
                return r.path("meanBits").asDouble();
            }
        }
        throw new AssertionError("no row " + model + " " + direction + " " + condition + " " + metric);
    }
}
