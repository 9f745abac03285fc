package org.xmodal.analysis;

import java.util.Locale;

/**
 * How a run's uncertainty is computed: the confidence level of the intervals, the bootstrap resamples, the
 * sign-flip permutations and the seed of the generator that draws both. The same settings and the same rows give
 * the same numbers, bit for bit.
 */
public record StatisticsSettings(double level, int resamples, int permutations, long seed) {
    public static final StatisticsSettings DEFAULT = new StatisticsSettings(0.95, 10_000, 10_000, 20211107L);

    public StatisticsSettings {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the confidence level must lie between 0 and 1, got " + level);
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("at least 100 bootstrap resamples are needed, got " + resamples);
        }
        if (permutations < 100) {
            throw new IllegalArgumentException("at least 100 permutations are needed, got " + permutations);
        }
    }

    /** One line for tables and exports, e.g. "95% BCa bootstrap intervals over examples (10000 paired resamples, seed 1); …". */
    public String describe() {
        return describe(level, resamples, permutations, seed);
    }

    public static String describe(double level, int resamples, int permutations, long seed) {
        return String.format(Locale.ROOT, "%s%% BCa intervals from a paired bootstrap over examples (%d resamples, seed %d); "
                        + "p for Δ vs none from a paired sign-flip permutation test (%d permutations, or all 2^n when fewer), "
                        + "Holm-corrected across the run's conditions",
                new java.math.BigDecimal(Double.toString(100 * level)).stripTrailingZeros().toPlainString(),
                resamples, seed, permutations);
    }
}
