package org.xmodal.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Paired statistics of the conditions of one run. Every condition was evaluated on the same examples, so a resample
 * draws examples, not values: one index draw per (resample, example) is shared by every condition, which keeps each
 * Δ paired, and one sign per (permutation, example) is shared by every Δ.
 * <ul>
 * <li>Intervals: bias-corrected and accelerated (BCa) bootstrap (Efron 1987; Efron &amp; Tibshirani 1993, §14.3),
 *     the bias correction counting ties with the point estimate as half below it, the acceleration from the
 *     jackknife (closed form for a mean).</li>
 * <li>Tests: for each Δ against the baseline, the sign-flip permutation test of the mean paired difference,
 *     two-sided; p = (1 + #{|T*| ≥ |T|}) / (1 + B) over B random sign vectors, or the exact proportion over all
 *     2^n sign vectors when there are no more of them than permutations asked for. Holm's step-down correction
 *     across the conditions of the run.</li>
 * </ul>
 * Memory is O(n × conditions) for the values plus O(resamples × conditions) for the bootstrap distributions: the
 * indices and signs are drawn as they are used and never stored.
 */
public final class PairedStatistics {
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    private PairedStatistics() {
    }

    /**
     * @param values   example-major: {@code values[i * conditions + c]} is example i under condition c; every value finite
     * @param baseline the condition Δ is taken against, or -1 for none
     */
    public static List<ConditionStatistics> compute(double[] values, int conditions, int baseline, StatisticsSettings settings) {
        int k = conditions;
        if (k <= 0 || values.length % k != 0) {
            throw new IllegalArgumentException(values.length + " values do not make whole examples of " + k + " conditions");
        }
        if (baseline >= k) {
            throw new IllegalArgumentException("baseline " + baseline + " is not one of " + k + " conditions");
        }
        int n = values.length / k;
        if (n == 0) {
            return List.of();
        }
        double[] sums = new double[k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                sums[c] += values[i * k + c];
            }
        }
        double[] means = new double[k];
        for (int c = 0; c < k; c++) {
            means[c] = sums[c] / n;
        }
        SplittableRandom random = new SplittableRandom(settings.seed());
        int resamples = settings.resamples();
        double[][] meanStar = new double[k][resamples];
        double[] resampled = new double[k];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(resampled, 0);
            for (int i = 0; i < n; i++) {
                int row = random.nextInt(n) * k;
                for (int c = 0; c < k; c++) {
                    resampled[c] += values[row + c];
                }
            }
            for (int c = 0; c < k; c++) {
                meanStar[c][b] = resampled[c] / n;
            }
        }
        double[] p = baseline < 0 ? null : signFlipP(values, n, k, baseline, settings.permutations(), random);
        double[] holm = p == null ? null : holm(p, baseline);

        List<ConditionStatistics> out = new ArrayList<>(k);
        double alpha = 1 - settings.level();
        for (int c = 0; c < k; c++) {
            final int cc = c;
            Interval meanInterval = bca(means[c], meanStar[c], alpha,
                    IntStream.range(0, n).mapToDouble(i -> values[i * k + cc] - means[cc]).toArray());
            if (baseline < 0 || c == baseline) {
                out.add(new ConditionStatistics(c, n, means[c], meanInterval, null, null, null, null, null));
                continue;
            }
            double delta = means[c] - means[baseline];
            double[] deltaStar = new double[resamples];
            for (int b = 0; b < resamples; b++) {
                deltaStar[b] = meanStar[c][b] - meanStar[baseline][b];
            }
            Interval deltaInterval = bca(delta, deltaStar, alpha, IntStream.range(0, n)
                    .mapToDouble(i -> values[i * k + cc] - values[i * k + baseline] - delta).toArray());
            Interval relative = null;
            if (means[baseline] != 0) {
                double[] relativeStar = new double[resamples];
                for (int b = 0; b < resamples; b++) {
                    relativeStar[b] = deltaStar[b] / meanStar[baseline][b];
                }
                relative = bca(delta / means[baseline], relativeStar, alpha,
                        relativeJackknife(values, n, k, c, baseline, sums));
            }
            out.add(new ConditionStatistics(c, n, means[c], meanInterval, delta, deltaInterval, relative, p[c], holm[c]));
        }
        return out;
    }

    /**
     * The BCa interval of {@code estimate} from its bootstrap distribution {@code star} (reordered in place) and its
     * jackknife influence {@code influence} (θ̄ − θ₍ᵢ₎ up to a positive factor, which the acceleration does not see).
     */
    static Interval bca(double estimate, double[] star, double alpha, double[] influence) {
        Arrays.sort(star);
        int b = star.length;
        if (star[0] == star[b - 1]) {
            return new Interval(star[0], star[0]);
        }
        int below = 0;
        int ties = 0;
        for (double v : star) {
            if (v < estimate) {
                below++;
            } else if (v == estimate) {
                ties++;
            }
        }
        double share = (below + 0.5 * ties) / b;
        share = Math.min(1 - 0.5 / b, Math.max(0.5 / b, share));
        double z0 = NORMAL.inverseCumulativeProbability(share);
        double a = acceleration(influence);
        return new Interval(quantile(star, adjusted(z0, a, alpha / 2)), quantile(star, adjusted(z0, a, 1 - alpha / 2)));
    }

    /** The BCa level for nominal level {@code q}: Φ(z0 + (z0 + z_q) / (1 − a (z0 + z_q))). */
    static double adjusted(double z0, double a, double q) {
        double z = z0 + NORMAL.inverseCumulativeProbability(q);
        return NORMAL.cumulativeProbability(z0 + z / (1 - a * z));
    }

    /** a = Σ u³ / (6 (Σ u²)^{3/2}) for jackknife influence values u (0 when they are all 0). */
    static double acceleration(double[] influence) {
        double mean = Arrays.stream(influence).average().orElse(0);
        double s2 = 0;
        double s3 = 0;
        for (double u : influence) {
            double d = u - mean;
            s2 += d * d;
            s3 += d * d * d;
        }
        return s2 == 0 ? 0 : s3 / (6 * Math.pow(s2, 1.5));
    }

    /** The sorted sample's quantile at {@code q}, linear between order statistics (R's type 7). */
    static double quantile(double[] sorted, double q) {
        double position = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    /** θ̄ − θ₍ᵢ₎ for the relative change (mean_c − mean_b) / mean_b, from leave-one-out sums. */
    private static double[] relativeJackknife(double[] values, int n, int k, int c, int baseline, double[] sums) {
        if (n < 2) {
            return new double[n];
        }
        double[] leftOut = new double[n];
        for (int i = 0; i < n; i++) {
            double base = sums[baseline] - values[i * k + baseline];
            leftOut[i] = base == 0 ? 0 : (sums[c] - values[i * k + c]) / base - 1;
        }
        double mean = Arrays.stream(leftOut).average().orElse(0);
        for (int i = 0; i < n; i++) {
            leftOut[i] = mean - leftOut[i];
        }
        return leftOut;
    }

    /** Two-sided sign-flip p-values of every condition's mean paired difference against the baseline (NaN at the baseline). */
    static double[] signFlipP(double[] values, int n, int k, int baseline, int permutations, SplittableRandom random) {
        double[] d = new double[n * k];
        double[] observed = new double[k];
        double[] scale = new double[k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double x = values[i * k + c] - values[i * k + baseline];
                d[i * k + c] = x;
                observed[c] += x;
                scale[c] += Math.abs(x);
            }
        }
        // |T*| >= |T| up to rounding: the same sum taken in another order may differ in its last bits
        double[] threshold = new double[k];
        for (int c = 0; c < k; c++) {
            threshold[c] = Math.abs(observed[c]) - 1e-9 * scale[c];
        }
        long[] extreme = new long[k];
        double[] t = new double[k];
        boolean exact = n < 31 && (1L << n) <= permutations;
        long draws = exact ? 1L << n : permutations;
        for (long m = 0; m < draws; m++) {
            Arrays.fill(t, 0);
            long bits = exact ? m : random.nextLong();
            for (int i = 0; i < n; i++) {
                if (!exact && i > 0 && (i & 63) == 0) {
                    bits = random.nextLong();
                }
                boolean flip = ((bits >>> (i & 63)) & 1L) != 0;
                int row = i * k;
                if (flip) {
                    for (int c = 0; c < k; c++) {
                        t[c] -= d[row + c];
                    }
                } else {
                    for (int c = 0; c < k; c++) {
                        t[c] += d[row + c];
                    }
                }
            }
            for (int c = 0; c < k; c++) {
                if (Math.abs(t[c]) >= threshold[c]) {
                    extreme[c]++;
                }
            }
        }
        double[] p = new double[k];
        for (int c = 0; c < k; c++) {
            p[c] = c == baseline ? Double.NaN : exact ? (double) extreme[c] / draws : (1.0 + extreme[c]) / (1.0 + draws);
        }
        return p;
    }

    /** Holm's step-down adjustment of every p but the baseline's: the i-th smallest of m times (m − i + 1), made monotone. */
    static double[] holm(double[] p, int baseline) {
        Integer[] order = IntStream.range(0, p.length).filter(c -> c != baseline).boxed()
                .sorted(Comparator.comparingDouble(c -> p[c])).toArray(Integer[]::new);
        double[] adjusted = new double[p.length];
        adjusted[baseline] = Double.NaN;
        int m = order.length;
        double running = 0;
        for (int i = 0; i < m; i++) {
            running = Math.max(running, Math.min(1, (m - i) * p[order[i]]));
            adjusted[order[i]] = running;
        }
        return adjusted;
    }
}
