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
    @EnumSource(value = GlobalRow.class, names = {"FIRST", "LAST"})
    void theGlobalRowIsNeverAblatedDirectly(GlobalRow global) {
        // lang4vis zeroes every ablated region, but the global row keeps the original mean (3, 4)
        float[] lang4vis = ImageRows.lang4vis(REGIONS, D, ablate(0, 1, 2), ImageRows.originalGlobal(REGIONS, D), global);
        int g = global.globalIndex(3) * D;
        assertThat(new float[] {lang4vis[g], lang4vis[g + 1]}).containsExactly(3, 4);
        // vis4lang recomputes it from the post-ablation regions: under all it is the dataset mean
        float[] vis4lang = ImageRows.vis4lang(REGIONS, D, ablate(0, 1, 2), DATASET_MEAN, global);
        assertThat(new float[] {vis4lang[g], vis4lang[g + 1]}).containsExactly(DATASET_MEAN);
    }

    @Test
    void lastModelsGetTheWholeImageLocationLast() {
        float[] boxes = {10, 20, 110, 70};
        assertThat(ImageRows.locations(boxes, 200, 100, 5, GlobalRow.LAST))
                .containsExactly(0.05f, 0.2f, 0.55f, 0.7f, 0.25f, 0, 0, 1, 1, 1);
    }
}
