package org.xmodal.ablation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageRowsTest {
    // three regions of two features each
    private static final float[] REGIONS = {1, 2, 3, 4, 5, 6};
    private static final float[] DATASET_MEAN = {10, 20};
    private static final int D = 2;

    private static BitSet ablate(int... regions) {
        BitSet b = new BitSet();
        for (int r : regions) {
            b.set(r);
        }
        return b;
    }

    @Test
    void vis4langReplacesAblatedRegionsWithTheDatasetMeanAndRecomputesTheGlobalRow() {
        float[] rows = ImageRows.vis4lang(REGIONS, D, ablate(1), DATASET_MEAN, GlobalRow.FIRST);
        // row 0 = mean of (1,2), (10,20), (5,6) after ablation
        assertThat(rows).containsExactly(16f / 3, 28f / 3, 1, 2, 10, 20, 5, 6);
    }

    @Test
    void vis4langAllMakesTheGlobalRowTheDatasetMean() {
        float[] rows = ImageRows.vis4lang(REGIONS, D, ablate(0, 1, 2), DATASET_MEAN, GlobalRow.FIRST);
        assertThat(rows).containsExactly(10, 20, 10, 20, 10, 20, 10, 20);
    }

    @Test
    void vis4langNoneKeepsTheOriginalRegions() {
        float[] rows = ImageRows.vis4lang(REGIONS, D, new BitSet(), DATASET_MEAN, GlobalRow.FIRST);
        assertThat(rows).containsExactly(3, 4, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void lang4visZeroesAblatedRegionsAndKeepsTheOriginalGlobalRow() {
        float[] global = ImageRows.originalGlobal(REGIONS, D);
        float[] rows = ImageRows.lang4vis(REGIONS, D, ablate(0, 2), global, GlobalRow.FIRST);
        // the global row still carries the ablated regions' information
        assertThat(rows).containsExactly(3, 4, 0, 0, 3, 4, 0, 0);
    }

    @Test
    void globalRowGoesWhereTheModelWantsIt() {
        assertThat(ImageRows.vis4lang(REGIONS, D, ablate(0), DATASET_MEAN, GlobalRow.LAST))
                .containsExactly(10, 20, 3, 4, 5, 6, 6, 10);
        assertThat(ImageRows.vis4lang(REGIONS, D, ablate(0), DATASET_MEAN, GlobalRow.NONE))
                .containsExactly(10, 20, 3, 4, 5, 6);
        assertThat(GlobalRow.FIRST.rowOf(2)).isEqualTo(3);
        assertThat(GlobalRow.LAST.rowOf(2)).isEqualTo(2);
        assertThat(GlobalRow.NONE.rows(36)).isEqualTo(36);
        assertThat(GlobalRow.FIRST.rows(36)).isEqualTo(37);
    }

    @Test
    void ablationNeverTouchesTheCallersArray() {
        float[] copy = REGIONS.clone();
        ImageRows.vis4lang(REGIONS, D, ablate(0, 1, 2), DATASET_MEAN, GlobalRow.FIRST);
        ImageRows.lang4vis(REGIONS, D, ablate(0, 1, 2), new float[D], GlobalRow.FIRST);
        assertThat(REGIONS).containsExactly(copy);
    }

    @Test
    void locationsAreNormalisedWithAnAreaTermAndAWholeImageGlobalRow() {
        float[] boxes = {10, 20, 110, 70};  // 100 x 50 in a 200 x 100 image
        assertThat(ImageRows.locations(boxes, 200, 100, 5, GlobalRow.FIRST))
                .containsExactly(0, 0, 1, 1, 1, 0.05f, 0.2f, 0.55f, 0.7f, 0.25f);
        assertThat(ImageRows.locations(boxes, 200, 100, 4, GlobalRow.NONE))
                .containsExactly(0.05f, 0.2f, 0.55f, 0.7f);
    }

    @ParameterizedTest
    @EnumSource(GlobalRow.class)
    void globalRowIsNeverAblatedDirectly(GlobalRow global) {
        // ablating every detector region leaves exactly one non-replacement row: the recomputed global row
        float[] rows = ImageRows.lang4vis(REGIONS, D, ablate(0, 1, 2), new float[] {7, 7}, global);
        long sevens = 0;
        for (float v : rows) {
            sevens += v == 7f ? 1 : 0;
        }
        assertThat(sevens).isEqualTo(global == GlobalRow.NONE ? 0 : 2);
    }
}
