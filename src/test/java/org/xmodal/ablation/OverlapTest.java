package org.xmodal.ablation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverlapTest {

    @ParameterizedTest(name = "area of [{0},{1},{2},{3}] is {4}")
    @CsvSource({
        "0, 0, 9, 9, 100",      // +1 pixel on both axes
        "0, 0, 0, 0, 1",        // a single pixel has area 1, not 0
        "10, 20, 14, 21, 10",
        "0.5, 0.5, 2.5, 1.5, 6"})
    void areaUsesThePlusOnePixelConvention(float x1, float y1, float x2, float y2, float area) {
        assertThat(new Box(x1, y1, x2, y2).area()).isEqualTo(area);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case, region, gold, IoT, IoU
        "identical boxes,          0,0,9,9,     0,0,9,9,     1.0,  1.0",
        "region covers gold,       0,0,99,99,   10,10,19,19, 1.0,  0.01",
        "gold covers region,       10,10,19,19, 0,0,99,99,   0.01, 0.01",
        "disjoint,                 0,0,9,9,     20,20,29,29, 0.0,  0.0",
        "touching edge pixel,      0,0,9,9,     9,0,18,9,    0.1,  0.05263158",
        "half of gold,             0,0,4,9,     0,0,9,9,     0.5,  0.5"})
    void iotDividesByTheGoldAreaAndIouByTheUnion(String name, float ax1, float ay1, float ax2, float ay2,
                                                 float gx1, float gy1, float gx2, float gy2, float iot, float iou) {
        Box region = new Box(ax1, ay1, ax2, ay2);
        Box gold = new Box(gx1, gy1, gx2, gy2);
        assertThat(Overlap.iot(region, gold)).isCloseTo(iot, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(Overlap.iou(region, gold)).isCloseTo(iou, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void alignmentUsesIotNotIou() {
        // a large region around a small gold box: IoT 1 (aligned), IoU 0.01 (would not be)
        RegionAlignment a = RegionAlignment.of(List.of(new Box(0, 0, 99, 99)), List.of(new Box(10, 10, 19, 19)));
        assertThat(a.alignedAbove(0.5).get(0)).isTrue();
        assertThat(a.maxIou(0)).isLessThan(0.5f);
    }

    @Test
    void thresholdIsStrict() {
        // region covers exactly half of the gold box: IoT = 0.5, not > 0.5
        RegionAlignment a = RegionAlignment.of(List.of(new Box(0, 0, 4, 9)), List.of(new Box(0, 0, 9, 9)));
        assertThat(a.maxIot(0)).isEqualTo(0.5f);
        assertThat(a.alignedAbove(0.5).get(0)).isFalse();
        assertThat(a.alignedAbove(0.4).get(0)).isTrue();
    }

    @ParameterizedTest(name = "IoT {0}/{1} at threshold {2} is not ablated")
    @CsvSource({"4, 40, 0.1", "8, 40, 0.2", "12, 40, 0.3", "16, 40, 0.4", "24, 40, 0.6", "32, 40, 0.8"})
    void floatTiesAtTheThresholdAreNotAblated(int coveredColumns, int goldColumns, double threshold) {
        // gold is goldColumns x 1 pixels; the region covers coveredColumns of them
        Box gold = new Box(0, 0, goldColumns - 1, 0);
        Box region = new Box(0, 0, coveredColumns - 1, 0);
        RegionAlignment a = RegionAlignment.of(List.of(region), List.of(gold));
        float iot = a.maxIot(0);
        // the float32 IoT can exceed the double threshold: comparing in double would ablate this tie
        assertThat(a.alignedAbove(threshold).get(0)).isFalse();
        assertThat((double) iot).isGreaterThan(threshold);
    }

    @Test
    void anyGoldBoxOfTheChainAligns() {
        List<Box> regions = List.of(new Box(0, 0, 9, 9), new Box(50, 50, 59, 59), new Box(100, 0, 109, 9));
        List<Box> gold = List.of(new Box(0, 0, 9, 9), new Box(50, 50, 59, 59));
        BitSet aligned = RegionAlignment.of(regions, gold).alignedAbove(0.5);
        assertThat(aligned.stream().toArray()).containsExactly(0, 1);
    }

    @Test
    void noneAblatesNothingAndAllAblatesEverything() {
        List<Box> regions = List.of(new Box(0, 0, 9, 9), new Box(500, 500, 509, 509));
        RegionAlignment a = RegionAlignment.of(regions, List.of(new Box(0, 0, 9, 9)));
        assertThat(a.alignedAbove(Condition.none(Direction.VIS4LANG).threshold()).cardinality()).isZero();
        assertThat(a.alignedAbove(Condition.all(Direction.VIS4LANG).threshold()).cardinality()).isEqualTo(2);
        assertThat(a.alignedAbove(0.0).cardinality()).isEqualTo(1); // IoT 0 is not > 0
    }

    @Test
    void lang4visTargetIsTheBestIouAmongAblatedFirstOnTies() {
        Box gold = new Box(0, 0, 9, 9);
        List<Box> regions = List.of(
                new Box(0, 0, 99, 99),   // IoT 1, IoU 0.01
                new Box(0, 0, 9, 9),     // IoT 1, IoU 1
                new Box(0, 0, 9, 9),     // tie with region 1
                new Box(0, 0, 4, 4));    // IoT 0.25: not ablated
        RegionAlignment a = RegionAlignment.of(regions, List.of(gold));
        BitSet ablated = a.alignedAbove(0.5);
        assertThat(ablated.stream().toArray()).containsExactly(0, 1, 2);
        assertThat(a.target(ablated)).isEqualTo(1);
        assertThat(a.target(new BitSet())).isEqualTo(-1);
    }
}
