package org.xmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the demo experiment (every registered demo model × both directions × every condition) over the REST API. */
final class DemoSession {
    static final String EXPERIMENT = "demo: reference models, full sweep";
    private final ApiClient api;
    private final PrintWriter out;
    private final PrintWriter err;

    DemoSession(ApiClient api, PrintWriter out, PrintWriter err) {
        this.api = api;
        this.out = out;
        this.err = err;
    }

    int run() {
        JsonNode dataset = demoDataset();
        List<String> models = new ArrayList<>();
        for (JsonNode m : api.get("/api/models")) {
            if (m.path("path").asText().startsWith(dataset.path("path").asText().replaceFirst("corpus$", "models"))) {
                models.add(m.path("name").asText());
            }
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", EXPERIMENT);
        definition.put("dataset", dataset.path("name").asText());
        definition.put("models", models);
        definition.put("options", Map.of("tags", List.of("demo"), "notes",
                "The bundled reference models on the bundled demo corpus: both directions, the paper's full sweep."));
        JsonNode found = api.get("/api/experiments?q=" + ApiClient.encode(EXPERIMENT) + "&size=1");
        JsonNode experiment = found.path("items").isEmpty() ? api.post("/api/experiments", definition) : found.path("items").get(0);
        JsonNode sweep = api.post("/api/experiments/" + experiment.path("id").asLong() + "/sweeps", null);
        long sweepId = sweep.path("id").asLong();
        err.printf("demo: sweep %d of experiment %d: %s × %s on %s (%d runs, %d examples)%n", sweepId, experiment.path("id").asLong(),
                models, "vis4lang, lang4vis", dataset.path("name").asText(), sweep.path("runs").size(), sweep.path("examplesTotal").asLong());
        JsonNode done = SweepPrinter.watch(api, sweepId, err, Duration.ofSeconds(1));
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("demo interrupted");
        }
        out.print(SweepPrinter.table(api.get("/api/compare?sweeps=" + sweepId)));
        out.flush();
        return done.path("state").asText().equals("succeeded") ? 0 : 1;
    }

    private JsonNode demoDataset() {
        for (JsonNode d : api.get("/api/datasets")) {
            if (d.path("path").asText().endsWith("corpus")) {
                return d;
            }
        }
        throw new IllegalStateException("the demo corpus is not registered: run from the repository root or pass --demo-dir");
    }
}
