package org.xmodal.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.cli.EvaluateLabels;
import org.xmodal.data.Dataset;
import org.xmodal.data.Entry;
import org.xmodal.platform.XmodalException;
import org.xmodal.testing.Demo;
import org.xmodal.testing.GoldenFiles;

/** Attribute files read against the demo corpus: keys, labels, phrase types, and every kind of fault refused whole. */
class AttributeTableTest {
    private static Dataset demo;

    @BeforeAll
    static void open() {
        demo = Dataset.open(Demo.corpus());
    }

    @AfterAll
    static void close() {
        demo.close();
    }

    private static AttributeTable parse(String tsv) {
        return AttributeTable.parse(tsv, demo.entries(), demo.classNames());
    }

    @Test
    void rowsKeyedByExampleOrByImageCaptionAndPhraseGiveTheSameExamples() {
        Entry e = demo.entries().get(5);
        AttributeTable byIndex = parse("example\tsource\n5\tmanual\n");
        AttributeTable byText = parse("image\tcaption\tphrase\tsource\n" + e.imageId() + "\t" + e.sentenceIndex() + "\t"
                + e.phrase().text() + "\tmanual\n");
        AttributeTable byCaption = parse("image\tcaption\tphrase\tsource\n" + e.imageId() + "\t" + e.sentence() + "\t"
                + e.phrase().text() + "\tmanual\n");
        assertThat(byIndex.values()).isEqualTo(byText.values()).isEqualTo(byCaption.values())
                .isEqualTo(Map.of("source", List.of(new AttributeTable.Value(5, "manual"))));
    }

    @Test
    void labelsAreClassNamesOrIndicesOfTheClassList() {
        AttributeTable table = parse("example\tlabel\n0\twoman\n1\t3\n2\t\n");
        assertThat(table.values().get("label")).containsExactly(new AttributeTable.Value(0, "woman"),
                new AttributeTable.Value(1, demo.classNames().get(3)));
        int[] labels = table.labels(demo.classNames(), demo.entries().size());
        assertThat(labels[0]).isEqualTo(demo.classNames().indexOf("woman"));
        assertThat(labels[1]).isEqualTo(3);
        assertThat(labels[2]).isEqualTo(-1);
    }

    @Test
    void aMalformedFileIsRefusedWholeListingEveryRowAtFault() {
        assertThatThrownBy(() -> parse("example\tlabel\n0\twoman\n99999\tman\n1\tunicorn\n2\t0\n3\tman\textra\n"))
                .isInstanceOf(XmodalException.class)
                .hasMessageContaining("4 rows are at fault, nothing was stored")
                .hasMessageContaining("line 3: example '99999' is not an example index")
                .hasMessageContaining("line 4: label 'unicorn' is not a class")
                .hasMessageContaining("line 5: label '0' is the background class")
                .hasMessageContaining("line 6: 3 cells where the header has 2");
        assertThatThrownBy(() -> parse("image\tphrase\tlabel\n1\tx\tman\n")).hasMessageContaining("must name the example");
        assertThatThrownBy(() -> parse("example\tphrase-type\n1\tpeople\n")).hasMessageContaining("computed by xmodal");
        assertThatThrownBy(() -> parse("example\n1\n")).hasMessageContaining("no attribute column");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("example\tlabel\n0\tman\n0\twoman\n")).hasMessageContaining("already has label 'man'");
    }

    @Test
    void aKeyThatMatchesSeveralExamplesIsAmbiguous() {
        // the demo has no phrase twice in one caption; a caption that has one: "a dog chases a dog"
        String caption = "a dog chases a dog";
        List<Entry> twice = List.of(
                new Entry(0, 7L, 0, caption, new org.xmodal.data.Phrase(0, "a dog", "1", List.of("animals")), List.of()),
                new Entry(1, 7L, 0, caption, new org.xmodal.data.Phrase(3, "a dog", "2", List.of("animals")), List.of()));
        assertThatThrownBy(() -> AttributeTable.parse("image\tcaption\tphrase\tx\n7\t0\ta dog\ty\n", twice, demo.classNames()))
                .hasMessageContaining("line 2: image 7, caption 0, phrase 'a dog' matches 2 examples (0, 1): key these rows by example");
        assertThat(AttributeTable.parse("example\tx\n1\ty\n", twice, demo.classNames()).values())
                .isEqualTo(Map.of("x", List.of(new AttributeTable.Value(1, "y"))));
    }

    @Test
    void phraseTypesComeFromTheTagsAndAMultiTypePhraseHasEach() {
        List<AttributeTable.Value> types = PhraseTypes.of(demo.entries());
        for (Entry e : demo.entries().subList(0, 200)) {
            assertThat(types.stream().filter(v -> v.example() == e.index()).map(AttributeTable.Value::value).toList())
                    .containsExactlyElementsOf(e.phrase().types().stream().map(String::toLowerCase).distinct().toList());
        }
        assertThat(types.stream().map(AttributeTable.Value::value).distinct()).contains("people", "scene");
    }

    @Test
    void evaluateWithLabelsScoresMrcXeAgainstEachLabelAsTheEagerReferenceDoes(@TempDir Path out) throws Exception {
        Path golden = Demo.root().resolve("src/test/resources/golden/labels");
        String[] result = EvaluateLabels.run(golden.resolve("labels.tsv"), out);
        assertThat(result[0]).as(result[1]).isEqualTo("0");
        List<CSVRecord> ours = GoldenFiles.read(out.resolve("demo-single/lang4vis.tsv"));
        List<CSVRecord> reference = GoldenFiles.read(golden.resolve("demo-single/lang4vis.tsv.gz"));
        Map<String, Double> expected = reference.stream().collect(Collectors.toMap(
                r -> r.get("example") + " " + r.get("condition"), r -> Double.parseDouble(r.get("mrc_xe_label_nats"))));
        double worst = 0;
        int labelled = 0;
        double sumNone = 0;
        for (CSVRecord r : ours) {
            Double want = expected.get(r.get("example") + " " + r.get("condition"));
            if (want == null) {
                assertThat(r.get("mrc_xe_label_nats")).as("example " + r.get("example") + " has no label").isEmpty();
                continue;
            }
            labelled++;
            worst = Math.max(worst, Math.abs(Double.parseDouble(r.get("mrc_xe_label_nats")) - want));
            if (r.get("condition").equals("none")) {
                sumNone += want;
            }
        }
        assertThat(labelled).isEqualTo(reference.size()).isEqualTo(48 * 3);
        assertThat(worst).as("max |Δ| nats against the eager reference").isLessThan(1e-4);
        double meanBits = sumNone / 48 / Math.log(2);
        assertThat(result[2]).containsPattern("demo-single\\s+lang4vis\\s+none\\s+mrc-xe-label\\s+48\\s+"
                + String.format(java.util.Locale.ROOT, "%.4f", meanBits).replace(".", "\\."));
    }
}
