package io.jeeves.bench;

import java.util.Arrays;

/** Percentiles of a sample, in milliseconds. */
record Stats(double p50, double p90, double p99, int n) {
    static Stats ofNanos(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new Stats(at(s, 0.50), at(s, 0.90), at(s, 0.99), s.length);
    }

    private static double at(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
