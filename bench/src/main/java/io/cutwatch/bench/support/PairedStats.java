package io.cutwatch.bench.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians and their distribution-free intervals, for the benchmarks' paired rounds. */
public final class PairedStats {
    private PairedStats() {
    }

    /** The median (the mean of the two middle values for an even count). */
    public static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * A distribution-free 95% interval for the median: the k-th smallest and k-th largest values,
     * with k the largest rank such that P(Binomial(n, 1/2) &lt; k) &lt;= 0.025 (at least 1). O(n log n).
     */
    public static double[] medianInterval(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        int n = sorted.size();
        int k = 0;
        double cumulative = 0;
        double term = Math.pow(0.5, n);
        for (int i = 0; i < n; i++) {
            if (cumulative + term > 0.025) {
                break;
            }
            cumulative += term;
            k = i + 1;
            term = term * (n - i) / (i + 1);
        }
        k = Math.max(1, k);
        return new double[] {sorted.get(k - 1), sorted.get(n - k)};
    }
}
