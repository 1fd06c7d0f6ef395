package org.perditioncamel.throttle;

/**
 * The last {@code threshold} failure times of one key, in a ring: the key is over its threshold exactly when the ring
 * is full and its oldest entry is still inside the window. Memory per key is bounded by the threshold.
 */
final class FailureWindow {
    private final long[] times;
    private int next;
    private int size;

    FailureWindow(int threshold) {
        times = new long[threshold];
    }

    synchronized void add(long nowNanos) {
        times[next] = nowNanos;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /** Failures younger than the window. */
    synchronized int count(long nowNanos, long windowNanos) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (nowNanos - times[i] < windowNanos) {
                count++;
            }
        }
        return count;
    }

    synchronized boolean full(long nowNanos, long windowNanos) {
        // the oldest entry is the one about to be overwritten
        return size == times.length && nowNanos - times[next] < windowNanos;
    }
}
