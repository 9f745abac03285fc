package org.xmodal.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.xmodal.testing.Api;
import org.xmodal.testing.NamedCopies;
import org.xmodal.testing.PaperFiles;
import org.xmodal.testing.PostgresResource;

/** The "Reproduce the paper" page and the seed groups of the compare page, in headless Chromium, against the API's numbers. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class ReproduceUiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static long sweep;

    @TestHTTPResource("/")
    URL root;

    private Browser browser;

    @BeforeEach
    void open() throws Exception {
        browser = Browser.start();
        if (sweep == 0) {
            NamedCopies.model("ui-seeds-a", "ui-single_s1");
            NamedCopies.dualInGroup("ui-seeds-b", "ui-dual", "ui-single");
            sweep = Api.submit(Api.createExperiment(Api.experiment("ui reproduce", List.of("demo-single", "demo-dual", "ui-single_s1", "ui-dual"),
                    Map.of("subsetTo", 16, "shardSize", 16))));
            assertThat(Api.awaitEnd(sweep, Duration.ofMinutes(3)).getString("state")).isEqualTo("succeeded");
            Map<String, Double> offsets = new LinkedHashMap<>();
            offsets.put("demo-single", 0.0);
            offsets.put("demo-dual", 0.05);
            given().contentType(ContentType.JSON).body(new ObjectMapper().writeValueAsString(Map.of("name", "ui-shaped",
                    "citation", "values of the demo models", "tables", PaperFiles.demoShaped(Api.json("/api/compare?sweeps=" + sweep).path("rows"), offsets))))
                    .post("/api/published").then().statusCode(201);
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
    void theReproducePageShowsPublishedMeasuredAndTheVerdict() {
        go("#/reproduce?sweeps=" + sweep + "&published=ui-shaped&tolerance=0.01");
        browser.await(WAIT).until(d -> !d.findElements(By.cssSelector("table.reproduce tbody tr")).isEmpty());
        browser.screenshot("reproduce");
        JsonNode api = Api.json("/api/reproduce?sweeps=" + sweep + "&published=ui-shaped&tolerance=0.01");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("table.reproduce tbody tr"));
        assertThat(rows).hasSize(api.path("rows").size()).hasSize(2 * 9);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode expected = api.path("rows").get(i);
            WebElement row = rows.get(i);
            String verdict = expected.path("metric").asText().equals("mrc-xe") ? "not-comparable"
                    : expected.path("model").asText().equals("demo-single") ? "within" : "beyond";
            assertThat(row.getAttribute("data-verdict")).as(expected.toString()).isEqualTo(verdict);
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(5).getText()).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f", expected.path("publishedBits").asDouble()));
            assertThat(cells.get(6).getText()).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f", expected.path("measuredBits").asDouble()));
            assertThat(cells.get(8).getText()).contains(verdict.equals("within") ? "✓" : verdict.equals("beyond") ? "✗" : "not comparable");
        }
        assertThat(browser.driver.findElement(By.id("reproduce-summary")).getText()).isEqualTo("6 within and 6 beyond ±0.01 bits");
        assertThat(browser.driver.findElement(By.cssSelector("ul.matches")).getText()).contains("ui-dual: no published model")
                .contains("demo-single → demo-single (by name)");

        go("#/reproduce?sweeps=" + sweep + "&published=ui-shaped&tolerance=0.1");
        browser.await(WAIT).until(d -> d.findElement(By.id("reproduce-summary")).getText().startsWith("12 within and 0 beyond"));
        assertThat(browser.driver.findElement(By.cssSelector("select[name=published]")).getText()).contains("frank2021").contains("ui-shaped");
    }

    @Test
    void theComparePageShowsSeedGroupsAndEachSeedAsAPoint() {
        go("#/compare?sweeps=" + sweep);
        browser.await(WAIT).until(d -> !d.findElements(By.cssSelector("#seed-groups table.groups tbody tr")).isEmpty());
        browser.await(WAIT).until(d -> d.findElements(By.cssSelector("#seed-mlm svg, #seed-kl svg")).size() == 2);
        browser.screenshot("compare-seed-groups");
        JsonNode groups = Api.json("/api/compare?sweeps=" + sweep).path("groups");
        assertThat(browser.driver.findElements(By.cssSelector("table.groups tbody tr"))).hasSize(groups.size());
        assertThat(browser.driver.findElement(By.id("seed-groups")).getText()).contains("across seeds").contains("across examples within one run");
        for (JsonNode g : groups) {
            if (!g.path("metric").asText().equals("mlm") || !List.of("none", "object@0.5", "all").contains(g.path("condition").asText())) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<List<Object>> points = (List<List<Object>>) browser.js("""
                    const o = echarts.getInstanceByDom(document.getElementById('seed-mlm')).getOption();
                    return o.series.filter(s => s.type === 'scatter' && s.name === arguments[0]).flatMap(s => s.data.map(d => d.value));""",
                    g.path("condition").asText());
            for (JsonNode m : g.path("members")) {
                assertThat(points).as(m.toString()).anyMatch(p -> p.get(0).equals(g.path("group").asText())
                        && ((Number) p.get(1)).doubleValue() == m.path("meanBits").asDouble());
            }
            Object bar = browser.js("""
                    const o = echarts.getInstanceByDom(document.getElementById('seed-mlm')).getOption();
                    const s = o.series.find(s => s.type === 'bar' && s.name === arguments[0]);
                    return s.data[o.xAxis[0].data.indexOf(arguments[1])];""", g.path("condition").asText(), g.path("group").asText());
            assertThat(((Number) bar).doubleValue()).isEqualTo(g.path("meanBits").asDouble());
        }
    }
}
