package org.xmodal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.testing.Demo;
import org.xmodal.testing.GoldenFiles;

/**
 * The Java data pipeline against the independent Python reference on every demo example: entries, masked token
 * ids and labels, the lang4vis target and the number of regions each vis4lang condition ablates.
 */
class DataPipelineParityTest {
    static Dataset dataset;
    static HuggingFaceWordPiece tokenizer;
    static List<CSVRecord> golden;

    @BeforeAll
    static void open() {
        dataset = Dataset.open(Demo.corpus());
        tokenizer = HuggingFaceWordPiece.load(Demo.tokenizer());
        golden = GoldenFiles.read(Demo.golden().resolve("examples.tsv.gz"));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        dataset.close();
    }

    @Test
    void everyExampleMatchesTheReference() {
        assertThat(dataset.entries()).hasSize(golden.size()).hasSizeGreaterThanOrEqualTo(2000);
        ExampleBuilder builder = new ExampleBuilder(tokenizer, dataset.maxSeqLength());
        List<Condition> sweep = Condition.fullSweep(Direction.VIS4LANG);
        for (CSVRecord row : golden) {
            Entry entry = dataset.entries().get(Integer.parseInt(row.get("example")));
            String where = "example " + entry.index();
            assertThat(entry.imageId()).as(where).isEqualTo(Long.parseLong(row.get("image_id")));
            assertThat(entry.sentenceIndex()).as(where).isEqualTo(Integer.parseInt(row.get("sentence_index")));
            assertThat(entry.phrase().text()).as(where).isEqualTo(row.get("phrase"));
            assertThat(entry.phrase().firstWordIndex()).as(where).isEqualTo(Integer.parseInt(row.get("first_word_index")));
            assertThat(entry.phrase().chainId()).as(where).isEqualTo(row.get("chain_id"));
            assertThat(entry.refBoxes()).as(where).hasSize(Integer.parseInt(row.get("n_ref_boxes")));

            Example example = builder.build(entry, dataset.features().read(entry.imageId()));
            assertThat(example.phraseMasked().inputIds()).as(where).containsExactly(GoldenFiles.longs(row.get("input_ids")));
            assertThat(example.phraseMasked().labels()).as(where).containsExactly(GoldenFiles.longs(row.get("labels")));
            assertThat(example.phraseMasked().hasTarget()).as(where).isTrue();
            BitSet lang4vis = example.alignment().alignedAbove(Condition.HEADLINE_THRESHOLD);
            assertThat(example.alignment().target(lang4vis)).as(where).isEqualTo(Integer.parseInt(row.get("target_region")));
            long[] counts = sweep.stream().mapToLong(c -> example.alignment().alignedAbove(c.threshold()).cardinality()).toArray();
            assertThat(counts).as(where).containsExactly(GoldenFiles.longs(row.get("ablated_counts")));
        }
    }

    @Test
    void theAblatedShareRisesMonotonicallyAsTheThresholdFalls() {
        ExampleBuilder builder = new ExampleBuilder(tokenizer, dataset.maxSeqLength());
        List<Condition> sweep = Condition.fullSweep(Direction.VIS4LANG);
        double[] share = new double[sweep.size()];
        for (Entry entry : dataset.entries()) {
            Example example = builder.build(entry, dataset.features().read(entry.imageId()));
            for (int c = 0; c < sweep.size(); c++) {
                share[c] += example.alignment().alignedAbove(sweep.get(c).threshold()).cardinality()
                        / (double) example.alignment().regionCount() / dataset.entries().size();
            }
        }
        assertThat(share[0]).isZero();
        assertThat(share[share.length - 1]).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        for (int c = 1; c < share.length; c++) {
            assertThat(share[c]).as("ablated share at %s vs %s", sweep.get(c), sweep.get(c - 1)).isGreaterThan(share[c - 1]);
        }
    }
}
