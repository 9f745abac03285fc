package org.xmodal.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Known answers for the bootstrap intervals, the sign-flip test and Holm's correction. */
class PairedStatisticsTest {
    private static final StatisticsSettings SETTINGS = new StatisticsSettings(0.95, 10_000, 10_000, 7);

    /** Two conditions side by side (example-major): baseline 0 and x = baseline + d. */
    private static double[] pairs(double[] baseline, double[] d) {
        double[] v = new double[baseline.length * 2];
        for (int i = 0; i < baseline.length; i++) {
            v[2 * i] = baseline[i];
            v[2 * i + 1] = baseline[i] + d[i];
        }
        return v;
    }

    private static double[] bernoulli(int n, int ones) {
        double[] v = new double[n];
        for (int i = 0; i < ones; i++) {
            v[i] = 1;
        }
        return v;
    }

    @Test
    void fishersAnalysisOfDarwinsZeaMaysPairsHasTheExactTwoSidedP1726Over32768() {
        // Darwin's 15 pairs of crossed and self-fertilised plants, differences in eighths of an inch (Fisher 1935, §21)
        double[] d = {49, -67, 8, 16, 6, 23, 28, 41, 14, 29, 56, 24, 75, 60, -48};
        double[] base = new double[d.length];
        for (int i = 0; i < base.length; i++) {
            base[i] = 100 + 3 * i;
        }
        StatisticsSettings all = new StatisticsSettings(0.95, 1000, 1 << 15, 1);
        ConditionStatistics exact = PairedStatistics.compute(pairs(base, d), 2, 0, all).get(1);
        assertThat(exact.p()).isEqualTo(1726.0 / 32768);

        // fewer permutations than sign vectors: the Monte Carlo estimate (1 + hits) / (1 + B) of the same p
        ConditionStatistics sampled = PairedStatistics.compute(pairs(base, d), 2, 0, new StatisticsSettings(0.95, 1000, 20_000, 3)).get(1);
        double sd = Math.sqrt(0.0527 * (1 - 0.0527) / 20_000);
        assertThat(sampled.p()).isCloseTo(1726.0 / 32768, within(4 * sd)).isNotEqualTo(1726.0 / 32768);
    }

    @Test
    void allPositiveDifferencesOfFiveExamplesGiveTheSmallestExactPTwoOver32() {
        double[] d = {1, 2, 3, 4, 5};
        ConditionStatistics s = PairedStatistics.compute(pairs(new double[5], d), 2, 0, SETTINGS).get(1);
        assertThat(s.p()).isEqualTo(2.0 / 32);
        assertThat(s.delta()).isEqualTo(3.0);
    }

    @Test
    void theMonteCarloTestMatchesAnExactEnumerationOfAllSignFlips() {
        SplittableRandom r = new SplittableRandom(11);
        double[] d = new double[16];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian() + 0.4;
        }
        double total = 0;
        for (double x : d) {
            total += x;
        }
        long hits = 0;
        for (int m = 0; m < 1 << d.length; m++) {
            double t = 0;
            for (int i = 0; i < d.length; i++) {
                t += ((m >> i) & 1) == 1 ? -d[i] : d[i];
            }
            hits += Math.abs(t) >= Math.abs(total) - 1e-9 ? 1 : 0;
        }
        double exact = (double) hits / (1 << d.length);
        double sampled = PairedStatistics.compute(pairs(new double[d.length], d), 2, 0, SETTINGS).get(1).p();
        assertThat(sampled).isCloseTo(exact, within(4 * Math.sqrt(exact * (1 - exact) / 10_000)));
    }

    @Test
    void identicalConditionsHaveAZeroDeltaAZeroWidthIntervalAndPOne() {
        SplittableRandom r = new SplittableRandom(5);
        double[] base = new double[500];
        for (int i = 0; i < base.length; i++) {
            base[i] = 1 + r.nextDouble() * 3;
        }
        ConditionStatistics s = PairedStatistics.compute(pairs(base, new double[500]), 2, 0, SETTINGS).get(1);
        assertThat(s.delta()).isEqualTo(0.0);
        assertThat(s.deltaInterval()).isEqualTo(new Interval(0, 0));
        assertThat(s.relativeDeltaInterval()).isEqualTo(new Interval(0, 0));
        assertThat(s.p()).isEqualTo(1.0);
        assertThat(s.pHolm()).isEqualTo(1.0);
        assertThat(s.meanInterval().width()).isGreaterThan(0);
    }

    @Test
    void constantValuesHaveAZeroWidthIntervalAtTheirValue() {
        double[] v = new double[300];
        java.util.Arrays.fill(v, 2.5);
        ConditionStatistics s = PairedStatistics.compute(v, 1, -1, SETTINGS).get(0);
        assertThat(s.meanInterval()).isEqualTo(new Interval(2.5, 2.5));
        assertThat(s.p()).isNull();
        assertThat(s.deltaInterval()).isNull();
    }

    @Test
    void aBalancedZeroOneSampleGivesTheBinomialQuantiles6And14Over20() {
        // the bootstrap mean of 10 ones and 10 zeros is Binomial(20, 1/2) / 20: symmetric, so z0 = 0 (ties count half)
        // and a = 0, and BCa is the percentile interval, the binomial's 2.5% and 97.5% quantiles 6/20 and 14/20
        ConditionStatistics s = PairedStatistics.compute(bernoulli(20, 10), 1, -1, SETTINGS).get(0);
        assertThat(s.meanInterval().low()).isEqualTo(0.30, within(1e-12));
        assertThat(s.meanInterval().high()).isEqualTo(0.70, within(1e-12));
    }

    @Test
    void aSkewedZeroOneSampleMovesBothBcaBoundsOneStepUpFromThePercentileInterval() {
        // 8 ones in 40: bootstrap mean ~ Binomial(40, 0.2) / 40. a = Σu³ / (6 (Σu²)^1.5) = 0.03953 and
        // z0 = Φ⁻¹(P(X < 8) + P(X = 8) / 2) = 0.03795 move the levels 2.5% / 97.5% to 4.02% / 98.64%, whose binomial
        // quantiles are 4 and 14, where the percentile interval has 3 and 13
        ConditionStatistics s = PairedStatistics.compute(bernoulli(40, 8), 1, -1, SETTINGS).get(0);
        assertThat(s.meanInterval().low()).isEqualTo(4 / 40.0, within(1e-12));
        assertThat(s.meanInterval().high()).isEqualTo(14 / 40.0, within(1e-12));
        assertThat(PairedStatistics.acceleration(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})).isCloseTo(0.03953, within(1e-5));
    }

    @Test
    void aLargeSymmetricSampleGivesTheNormalIntervalOfItsMean() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 4000;
        double[] v = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            v[i] = 2 + r.nextGaussian();
            sum += v[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double half = 1.959964 * Math.sqrt(ss / (n - 1) / n);
        Interval i = PairedStatistics.compute(v, 1, -1, SETTINGS).get(0).meanInterval();
        assertThat(i.low()).isCloseTo(mean - half, within(0.06 * half));
        assertThat(i.high()).isCloseTo(mean + half, within(0.06 * half));
    }

    @Test
    void holmMultipliesTheIthSmallestOfMByMMinusIPlusOneAndKeepsTheOrder() {
        double[] p = {Double.NaN, 0.01, 0.04, 0.03, 0.005};
        double[] adjusted = PairedStatistics.holm(p, 0);
        assertThat(adjusted[4]).isCloseTo(0.02, within(1e-15));
        assertThat(adjusted[1]).isCloseTo(0.03, within(1e-15));
        assertThat(adjusted[3]).isCloseTo(0.06, within(1e-15));
        assertThat(adjusted[2]).isCloseTo(0.06, within(1e-15));
        assertThat(PairedStatistics.holm(new double[] {0.02, Double.NaN, 0.9}, 1)).containsExactly(0.04, Double.NaN, 0.9);
        assertThat(PairedStatistics.holm(new double[] {0.5, Double.NaN, 0.9}, 1)).containsExactly(1.0, Double.NaN, 1.0);
    }

    @Test
    void theSameSeedGivesTheSameNumbersAndAnotherSeedOthers() {
        SplittableRandom r = new SplittableRandom(2);
        double[] v = new double[3 * 200];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() + (i % 3) * 0.05;
        }
        List<ConditionStatistics> a = PairedStatistics.compute(v, 3, 0, SETTINGS);
        List<ConditionStatistics> b = PairedStatistics.compute(v, 3, 0, SETTINGS);
        List<ConditionStatistics> c = PairedStatistics.compute(v, 3, 0, new StatisticsSettings(0.95, 10_000, 10_000, 8));
        assertThat(a).isEqualTo(b);
        assertThat(a.get(2).deltaInterval()).isNotEqualTo(c.get(2).deltaInterval());
        assertThat(a.get(2).deltaInterval().low()).isLessThan(a.get(2).delta()).isGreaterThan(0);
    }
}
