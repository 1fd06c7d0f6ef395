package org.perditioncamel.bench;

import java.util.Arrays;

/** Durations in nanoseconds, kept in full (a run records at most a few hundred thousand), and their percentiles. */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int count() {
        return size;
    }

    /** The {@code p}-th percentile (nearest rank) in microseconds, or -1 without values. */
    double percentileMicros(double p) {
        if (size == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1000.0;
    }
}
