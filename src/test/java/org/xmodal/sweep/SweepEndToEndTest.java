package org.xmodal.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Api;
import org.xmodal.testing.Demo;
import org.xmodal.testing.GoldenFiles;
import org.xmodal.testing.PostgresResource;

/**
 * A sweep submitted over REST runs on the real Quartz scheduler, worker, DJL and PostgreSQL, and its stored
 * aggregates equal the independent reference's golden per-example losses averaged over the same examples.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SweepEndToEndTest {
    private static final int EXAMPLES = 600;
    private static final double LN2 = Math.log(2);

    @Test
    void aSweepOverRestStoresTheGoldenAggregates() {
        long experiment = Api.createExperiment(Api.experiment("end-to-end", List.of("demo-single", "demo-dual", "demo-text"),
                Map.of("subsetTo", EXAMPLES, "shardSize", 250, "batchSize", 32, "tags", List.of("e2e"))));
        long sweep = Api.submit(experiment);

        JsonPath done = Api.awaitEnd(sweep, Duration.ofMinutes(5));

        assertThat(done.getString("state")).isEqualTo("succeeded");
        assertThat(done.getList("runs")).hasSize(5); // text-only model: no lang4vis run
        assertThat(done.getLong("examplesDone")).isEqualTo(5L * EXAMPLES);
        JsonNode rows = Api.json("/api/compare?sweeps=" + sweep).path("rows");
        assertThat(rows).hasSize(3 * 12 + 2 * (3 + 3)); // vis4lang: none, object@0.9…0.0, all; lang4vis: KL and XE × 3
        for (JsonNode row : rows) {
            String key = row.path("model").asText() + " " + row.path("direction").asText() + " "
                    + row.path("condition").asText() + " " + row.path("metric").asText();
            assertThat(row.path("n").asInt()).as(key).isEqualTo(EXAMPLES);
            assertThat(row.path("meanBits").asDouble()).as(key)
                    .isCloseTo(goldenMeanBits(row.path("model").asText(), row.path("direction").asText(),
                            row.path("condition").asText(), row.path("metric").asText()), within(1e-6));
        }
        assertThat(done.getList("runs.direction")).as("runs in definition order: models × directions")
                .containsExactly("vis4lang", "lang4vis", "vis4lang", "lang4vis", "vis4lang");
    }

    private static final Map<String, List<CSVRecord>> GOLDEN = new HashMap<>();

    private static double goldenMeanBits(String model, String direction, String condition, String metric) {
        List<CSVRecord> golden = GOLDEN.computeIfAbsent(model + "/" + direction, k ->
                GoldenFiles.read(Demo.golden().resolve(model).resolve(direction + ".tsv.gz")));
        String column = metric.replace('-', '_') + "_nats";
        return golden.stream()
                .filter(r -> Integer.parseInt(r.get("example")) < EXAMPLES && r.get("condition").equals(condition))
                .mapToDouble(r -> Double.parseDouble(r.get(column)))
                .average().orElseThrow() / LN2;
    }
}
