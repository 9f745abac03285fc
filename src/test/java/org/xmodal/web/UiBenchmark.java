package org.xmodal.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.xmodal.platform.EmbeddedDatabase;
import org.xmodal.testing.NodeProcess;

/**
 * How fast the history and compare pages load with many sweeps stored: a node on its own PostgreSQL, one real
 * demo sweep, N synthetic sweeps (with runs, shards and aggregates) added in SQL, then each page opened R times
 * in headless Chromium, timed by the page itself from the start of navigation to its data being drawn. Run by tools/bench/ui_benchmark.sh.
 */
public final class UiBenchmark {
    public static void main(String[] args) throws Exception {
        int sweeps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Path.of(args.length > 2 ? args[2] : "build/ui-bench");
        Files.createDirectories(work);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(work.resolve("postgres"))) {
            try (NodeProcess node = NodeProcess.start(Path.of("target/quarkus-app/quarkus-run.jar"), db, work, "node")) {
                String base = node.url();
                long real = demoSweep(node);
                long t0 = System.nanoTime();
                long synthetic = addSweeps(db, real, sweeps);
                System.out.printf(Locale.ROOT, "stored %,d synthetic sweeps (+1 real) in %.1f s; sweeps in the database: %s%n",
                        sweeps, (System.nanoTime() - t0) / 1e9, scalar(db, "SELECT count(*) FROM sweep"));
                // a name and a page that exist for any number of sweeps (4242 and page 151 with the default 10,000)
                String name = "bench%20sweep%20" + Math.min(4242, sweeps);
                int page = Math.max(0, Math.min(150, sweeps / 50 - 1));
                System.out.printf("%-44s %9s %9s %9s%n", "API request behind the page", "first ms", "median ms", "p95 ms");
                for (String path : List.of("/api/sweeps?size=50", "/api/sweeps?size=50&q=" + name,
                        "/api/sweeps?size=50&tag=tag-7&state=succeeded&sort=name", "/api/sweeps?size=50&page=" + page,
                        "/api/models", "/api/compare?sweeps=" + real, "/api/compare?sweeps=" + real + "," + synthetic + "," + (synthetic - 1) + "," + (synthetic - 2))) {
                    timeApi(node, path, repeats);
                }
                try (Browser browser = Browser.start()) {
                    System.out.printf("%-44s %9s %9s %9s%n", "page (load until its data is shown)", "first ms", "median ms", "p95 ms");
                    time(browser, base, "#/history", "history, newest first", repeats, d -> d.findElements(By.cssSelector("tr[data-sweep]")).size() == 50);
                    time(browser, base, "#/history?q=" + name, "history, name search", repeats, d -> !d.findElements(By.cssSelector("tr[data-sweep]")).isEmpty());
                    time(browser, base, "#/history?tag=tag-7&state=succeeded&sort=name", "history, tag + state filter, by name", repeats, d -> !d.findElements(By.cssSelector("tr[data-sweep]")).isEmpty());
                    time(browser, base, "#/history?page=" + page, "history, page " + (page + 1), repeats, d -> d.findElements(By.cssSelector("tr[data-sweep]")).size() == 50);
                    time(browser, base, "#/compare?sweeps=" + real, "compare, 1 sweep (5 runs, 4 charts)", repeats, d -> d.findElements(By.cssSelector(".chart svg")).size() == 4);
                    time(browser, base, "#/compare?sweeps=" + real + "," + synthetic + "," + (synthetic - 1) + "," + (synthetic - 2),
                            "compare, 4 sweeps (20 runs, 4 charts)", repeats, d -> d.findElements(By.cssSelector(".chart svg")).size() == 4);
                }
            }
        }
    }

    private static void time(Browser browser, String base, String hash, String label, int repeats, Function<WebDriver, Boolean> shown) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            browser.driver.get("about:blank");
            browser.driver.get(base + "/" + hash);
            browser.await(java.time.Duration.ofSeconds(30)).until(d -> "true".equals(d.findElement(By.id("main")).getAttribute("data-ready")) && shown.apply(d));
            // the page stamps when it has drawn its data, in ms since the navigation started (Performance API)
            ms.add(Double.parseDouble(browser.driver.findElement(By.id("main")).getAttribute("data-ready-at")));
        }
        report(label, ms);
    }

    private static void timeApi(NodeProcess node, String path, int repeats) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = node.send(HttpRequest.newBuilder(URI.create(node.url() + path)));
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + r.body());
            }
            ms.add((System.nanoTime() - start) / 1e6);
        }
        report(path, ms);
    }

    private static void report(String label, List<Double> ms) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-44s %9.0f %9.0f %9.0f%n", label.length() > 44 ? label.substring(0, 41) + "..." : label, ms.get(0),
                sorted[sorted.length / 2], sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.95 * sorted.length) - 1)]);
    }

    /** The demo's models × both directions, all conditions, on 64 examples: real runs with real aggregates. */
    private static long demoSweep(NodeProcess node) throws Exception {
        JsonNode experiment = node.post("/api/experiments", Map.of("name", "real demo sweep", "dataset", "demo-val",
                "models", List.of("demo-single", "demo-dual", "demo-text"), "options", Map.of("subsetTo", 64, "tags", List.of("real"))));
        long sweep = node.post("/api/experiments/" + experiment.path("id").asLong() + "/sweeps", null).path("id").asLong();
        while (!Arrays.asList("succeeded", "failed", "cancelled").contains(node.get("/api/sweeps/" + sweep).path("state").asText())) {
            Thread.sleep(500);
        }
        return sweep;
    }

    /** Copies the real sweep's version, runs, shards and aggregates {@code n} times, with varied names, tags, states and dates. */
    private static long addSweeps(EmbeddedDatabase db, long real, int n) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE TEMP TABLE src AS SELECT v.* FROM experiment_version v JOIN sweep w ON w.experiment_version_id = v.id WHERE w.id = " + real);
            s.execute("INSERT INTO experiment (name, archived, created_at) SELECT 'bench sweep ' || g, false, now() - (g || ' minutes')::interval "
                    + "FROM generate_series(1, " + n + ") g");
            s.execute("""
                    INSERT INTO experiment_version (experiment_id, version, dataset_id, definition, batch_size, shard_size, subset_from,
                        subset_to, priority, tags, notes, created_at)
                    SELECT e.id, 1, src.dataset_id, src.definition, src.batch_size, src.shard_size, src.subset_from, src.subset_to,
                        src.priority, ARRAY['bench', 'tag-' || (e.id % 10)], '', e.created_at
                    FROM experiment e, src WHERE e.name LIKE 'bench sweep %'""");
            s.execute("""
                    INSERT INTO experiment_version_model (experiment_version_id, model_id, position)
                    SELECT v.id, m.model_id, m.position FROM experiment_version v
                    JOIN experiment e ON e.id = v.experiment_id AND e.name LIKE 'bench sweep %'
                    CROSS JOIN (SELECT model_id, position FROM experiment_version_model WHERE experiment_version_id = (SELECT id FROM src)) m""");
            s.execute("""
                    INSERT INTO sweep (experiment_version_id, state, cancel_requested, submitted_at, started_at, finished_at)
                    SELECT v.id, (ARRAY['succeeded', 'succeeded', 'succeeded', 'failed', 'cancelled'])[1 + v.id % 5], false,
                        v.created_at, v.created_at, v.created_at + interval '3 minutes'
                    FROM experiment_version v JOIN experiment e ON e.id = v.experiment_id AND e.name LIKE 'bench sweep %'""");
            s.execute("""
                    INSERT INTO run (sweep_id, model_id, direction, conditions, state, examples_total, started_at, finished_at)
                    SELECT w.id, r.model_id, r.direction, r.conditions, 'succeeded', r.examples_total, w.started_at, w.finished_at
                    FROM sweep w JOIN experiment_version v ON v.id = w.experiment_version_id
                    JOIN experiment e ON e.id = v.experiment_id AND e.name LIKE 'bench sweep %%'
                    CROSS JOIN (SELECT * FROM run WHERE sweep_id = %d) r""".formatted(real));
            s.execute("""
                    INSERT INTO shard (run_id, first_example, end_example, state, attempts, examples_done, finished_at)
                    SELECT r.id, 0, r.examples_total, 'succeeded', 1, r.examples_total, r.finished_at
                    FROM run r WHERE r.sweep_id <> %d""".formatted(real));
            s.execute("""
                    INSERT INTO aggregate (run_id, condition_index, metric, n, mean_nats, std_nats)
                    SELECT r.id, a.condition_index, a.metric, a.n, a.mean_nats * (0.9 + 0.2 * random()), a.std_nats
                    FROM run r JOIN run o ON o.sweep_id = %d AND o.model_id = r.model_id AND o.direction = r.direction
                    JOIN aggregate a ON a.run_id = o.id WHERE r.sweep_id <> %d""".formatted(real, real));
            c.commit();
            s.execute("ANALYZE");
        }
        return ((Number) scalar(db, "SELECT max(id) FROM sweep")).longValue();
    }

    private static Object scalar(EmbeddedDatabase db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }
}
