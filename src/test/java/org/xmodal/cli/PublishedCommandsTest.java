package org.xmodal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.testing.Api;
import org.xmodal.testing.NamedCopies;
import org.xmodal.testing.PostgresResource;

/** import-published, reproduce and the seed groups that compare prints, over the REST API of a running node. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PublishedCommandsTest {
    @TestHTTPResource("/")
    URL server;

    @TempDir
    Path dir;

    private Cli.Outcome xmodal(String... args) {
        String[] withServer = java.util.Arrays.copyOf(args, args.length + 2);
        withServer[args.length] = "--server";
        withServer[args.length + 1] = server.toString();
        return Cli.run("", withServer);
    }

    @Test
    void importPublishedTakesGoodTablesAndRefusesBadOnesInOneLine() throws Exception {
        Path good = Files.writeString(dir.resolve("good.tsv"), "\tModel\tMask\tMLM\n0\tM_s1\tNone\t4.5\n1\tM_s2\tNone\t4.7\n");
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "\tModel\tMask\tMLM\n0\tM\tNone\t4.5\n1\tM\tNone\t4.6\n");
        Cli.Outcome imported = xmodal("import-published", good.toString(), "--name", "cli-table", "--citation", "a cited table");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("published table cli-table: 2 rows").contains("means only");

        Cli.Outcome refused = xmodal("import-published", bad.toString(), "--name", "cli-bad", "--citation", "c");
        assertThat(refused.exit()).isEqualTo(ErrorHandler.INPUT_ERROR);
        assertThat(refused.err().strip()).doesNotContain("\n\tat ").startsWith("error (invalid argument): bad.tsv: line 3: M under none appears twice");
        assertThat(Api.json("/api/published").findValues("name").toString()).doesNotContain("cli-bad");

        Cli.Outcome missing = xmodal("import-published", dir.resolve("none.tsv").toString(), "--name", "x", "--citation", "c");
        assertThat(missing.exit()).isEqualTo(ErrorHandler.INPUT_ERROR);
        assertThat(missing.err()).startsWith("error: cannot read ").doesNotContain("Exception");
    }

    @Test
    void reproduceAndCompareWithSeedGroups() {
        NamedCopies.model("cli-seeds-1", "cli-single_s1");
        NamedCopies.model("cli-seeds-2", "cli-single_s2");
        long sweep = Api.submit(Api.createExperiment(Map.of("name", "cli reproduce", "dataset", "demo-val",
                "models", List.of("demo-single", "cli-single_s1", "cli-single_s2"), "directions", List.of("vis4lang"),
                "conditions", List.of("none", "object@0.5", "all"), "options", Map.of("subsetTo", 8, "shardSize", 8))));
        assertThat(Api.awaitEnd(sweep, Duration.ofMinutes(3)).getString("state")).isEqualTo("succeeded");

        Cli.Outcome reproduce = xmodal("reproduce", "--sweeps", "" + sweep, "--map", "demo-single=UNITER");
        assertThat(reproduce.exit()).as(reproduce.err()).isZero();
        assertThat(reproduce.out()).contains("frank2021").contains("demo-single → UNITER (by explicit)")
                .contains("cli-single_s1: no published model").contains("0 within, 3 beyond the tolerance of 0.001 bits");
        assertThat(reproduce.out().lines().filter(l -> l.startsWith("demo-single ") && l.endsWith("NO"))).hasSize(3);

        Cli.Outcome compare = xmodal("compare", "--sweeps", "" + sweep);
        assertThat(compare.exit()).as(compare.err()).isZero();
        assertThat(compare.out()).contains("seed groups (sd: across seeds");
        assertThat(compare.out().lines().filter(l -> l.startsWith("cli-single ") && l.contains(" 2 "))).hasSize(3);

        Cli.Outcome wrongTolerance = xmodal("reproduce", "--sweeps", "" + sweep, "--published", "no-such-table");
        assertThat(wrongTolerance.exit()).isEqualTo(ErrorHandler.INPUT_ERROR);
        assertThat(wrongTolerance.err()).contains("published table no-such-table");
    }
}
