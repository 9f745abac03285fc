package org.xmodal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

class FeatureStoreTest {

    /** Writes a store of {@code ids.length} images, R=2, D=3, C=4, where every value encodes its position. */
    static void writeStore(Path dir, long... ids) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.json"), "{\"format\":\"xmodal-features/1\",\"numImages\":" + ids.length
                + ",\"numRegions\":2,\"featureSize\":3,\"numClasses\":4}");
        StringBuilder tsv = new StringBuilder("image_id\theight\twidth\n");
        for (long id : ids) {
            tsv.append(id).append('\t').append(100 + id).append('\t').append(200 + id).append('\n');
        }
        Files.writeString(dir.resolve("images.tsv"), tsv);
        floats(dir.resolve("boxes.f32"), ids.length * 2 * 4, 1000);
        floats(dir.resolve("features.f32"), ids.length * 2 * 3, 2000);
        floats(dir.resolve("cls_prob.f32"), ids.length * 2 * 4, 3000);
    }

    static void floats(Path file, int count, int base) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            b.putFloat(base + i);
        }
        Files.write(file, b.array());
    }

    @Test
    void readsOneRecordByImageId(@TempDir Path dir) throws Exception {
        writeStore(dir, 5, 9, 7);
        try (FeatureStore store = FeatureStore.open(dir)) {
            ImageFeatures f = store.read(9);
            assertThat(f.height()).isEqualTo(109);
            assertThat(f.width()).isEqualTo(209);
            assertThat(f.boxes()).containsExactly(1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015);
            assertThat(f.features()).containsExactly(2006, 2007, 2008, 2009, 2010, 2011);
            assertThat(f.classProb(1)).containsExactly(3012, 3013, 3014, 3015);
            assertThat(f.regionBoxes()).hasSize(2);
            assertThat(store.imageCount()).isEqualTo(3);
        }
    }

    @Test
    void anAbsentImageIsNamed(@TempDir Path dir) throws Exception {
        writeStore(dir, 5);
        try (FeatureStore store = FeatureStore.open(dir)) {
            assertThatThrownBy(() -> store.read(6))
                    .isInstanceOfSatisfying(XmodalException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_DATA))
                    .hasMessageContaining("image 6");
        }
    }

    @Test
    void aFileOfTheWrongSizeIsRefusedAtOpen(@TempDir Path dir) throws Exception {
        writeStore(dir, 5, 6);
        floats(dir.resolve("features.f32"), 11, 0);
        assertThatThrownBy(() -> FeatureStore.open(dir)).hasMessageContaining("features.f32 has 44 bytes")
                .hasMessageContaining("need 48");
    }

    @Test
    void aWrongFormatOrDuplicateIdIsRefused(@TempDir Path dir) throws Exception {
        writeStore(dir, 5, 5);
        assertThatThrownBy(() -> FeatureStore.open(dir)).hasMessageContaining("image 5 is listed twice");
        writeStore(dir, 5);
        Files.writeString(dir.resolve("manifest.json"), "{\"format\":\"npz\"}");
        assertThatThrownBy(() -> FeatureStore.open(dir)).hasMessageContaining("expected 'xmodal-features/1'");
    }
}
