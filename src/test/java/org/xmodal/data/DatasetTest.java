package org.xmodal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    /** A two-image dataset over the small store of {@link FeatureStoreTest}: R=2, D=3, C=4. */
    static Path writeDataset(Path dir, String split, long... storeIds) throws Exception {
        EntryReaderTest.write(dir, 1, "[/EN#10/people A man] and [/EN#12/people him] .\n", EntryReaderTest.XML);
        EntryReaderTest.write(dir, 2, "[/EN#10/people A man] .\n", EntryReaderTest.XML);
        Files.writeString(dir.resolve("dataset.json"), "{\"format\":\"xmodal-dataset/1\",\"name\":\"tiny\",\"maxSeqLength\":12}");
        Files.writeString(dir.resolve("val.txt"), split);
        Files.writeString(dir.resolve("objects_vocab.txt"), "__background__\nman\ndog\nhat\n");
        FeatureStoreTest.writeStore(dir.resolve("features"), storeIds);
        return dir;
    }

    @Test
    void opensEntriesStoreAndSettings(@TempDir Path dir) throws Exception {
        try (Dataset d = Dataset.open(writeDataset(dir, "1\n2\n", 1, 2))) {
            assertThat(d.name()).isEqualTo("tiny");
            assertThat(d.entries()).hasSize(3);
            assertThat(d.maxSeqLength()).isEqualTo(12);
            assertThat(d.classNames()).containsExactly("__background__", "man", "dog", "hat");
        }
    }

    @Test
    void theMeanFeatureWeighsEachImageByItsEntries(@TempDir Path dir) throws Exception {
        try (Dataset d = Dataset.open(writeDataset(dir, "1\n2\n", 1, 2))) {
            // image 1 (2 entries) has region features 2000..2005, image 2 (1 entry) 2006..2011 (see FeatureStoreTest)
            float[] image1 = {2001.5f, 2002.5f, 2003.5f};
            float[] image2 = {2007.5f, 2008.5f, 2009.5f};
            float[] mean = d.meanRegionFeature();
            for (int i = 0; i < 3; i++) {
                assertThat(mean[i]).isEqualTo((2 * image1[i] + image2[i]) / 3);
            }
        }
    }

    @Test
    void anImageAbsentFromTheFeatureStoreIsNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Dataset.open(writeDataset(dir, "1\n2\n", 1)))
                .hasMessageContaining("image 2").hasMessageContaining("not in the feature store");
    }

    @Test
    void aClassListThatDisagreesWithTheStoreIsNamed(@TempDir Path dir) throws Exception {
        writeDataset(dir, "1\n", 1);
        Files.writeString(dir.resolve("objects_vocab.txt"), "__background__\nman\n");
        assertThatThrownBy(() -> Dataset.open(dir)).hasMessageContaining("objects_vocab.txt lists 2 classes")
                .hasMessageContaining("has 4");
    }

    @Test
    void aMissingManifestIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> Dataset.open(dir)).hasMessageContaining("dataset.json");
    }

    @Test
    void examplesMaskThePhraseAndMarkAPhraseBeyondTheTruncationLimitAsUntargeted(@TempDir Path dir) throws Exception {
        try (Dataset d = Dataset.open(writeDataset(dir, "1\n2\n", 1, 2));
             HuggingFaceWordPiece tokenizer = HuggingFaceWordPiece.load(org.xmodal.testing.Demo.tokenizer())) {
            Entry him = d.entries().get(1);
            Example example = new ExampleBuilder(tokenizer, 12).build(him, d.features().read(1));
            assertThat(example.phraseMasked().targetPositions()).containsExactly(4);
            assertThat(example.hasMlmTarget()).isTrue();
            Example truncated = new ExampleBuilder(tokenizer, 5).build(him, d.features().read(1));
            assertThat(truncated.hasMlmTarget()).isFalse();
            assertThat(truncated.phraseMasked().targetPositions()).isEmpty();
        }
    }

    @Test
    void aPhraseAfterABrokenWordMapIsRefused(@TempDir Path dir) throws Exception {
        try (Dataset d = Dataset.open(writeDataset(dir, "1\n", 1));
             HuggingFaceWordPiece tokenizer = HuggingFaceWordPiece.load(org.xmodal.testing.Demo.tokenizer())) {
            Entry broken = new Entry(0, 1, 0, "a #7 man", new Phrase(2, "man", "10", List.of("people")),
                    d.entries().get(0).refBoxes());
            assertThatThrownBy(() -> new ExampleBuilder(tokenizer, 38).build(broken, d.features().read(1)))
                    .hasMessageContaining("word-to-subword map broke");
        }
    }
}
