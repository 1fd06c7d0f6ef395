package org.perditioncamel.throttle;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * One kind of key (client address, user, user and address) → its failure window. Caffeine bounds the map by size
 * and drops a key a window after its last failure, so an attacker cycling through names cannot grow it for ever.
 */
final class FailureCounts {
    private final int threshold;
    private final long windowNanos;
    private final Cache<String, FailureWindow> windows;

    /** @param nanoClock the throttle's clock, also Caffeine's: expiry and the windows agree on the time */
    FailureCounts(int threshold, long windowSeconds, int maxKeys, LongSupplier nanoClock) {
        this.threshold = threshold;
        this.windowNanos = Duration.ofSeconds(windowSeconds).toNanos();
        this.windows = Caffeine.newBuilder().maximumSize(maxKeys).ticker(nanoClock::getAsLong)
                .expireAfterWrite(Duration.ofSeconds(windowSeconds)).build();
    }

    boolean counted() {
        return threshold > 0;
    }

    void failed(String key, long nowNanos) {
        if (counted()) {
            // compute is a write: the key expires a window after its last failure, not its first
            windows.asMap().compute(key, (k, window) -> {
                FailureWindow counting = window == null ? new FailureWindow(threshold) : window;
                counting.add(nowNanos);
                return counting;
            });
        }
    }

    boolean exceeded(String key, long nowNanos) {
        if (!counted()) {
            return false;
        }
        FailureWindow window = windows.getIfPresent(key);
        return window != null && window.full(nowNanos, windowNanos);
    }

    int count(String key, long nowNanos) {
        FailureWindow window = windows.getIfPresent(key);
        return window == null ? 0 : window.count(nowNanos, windowNanos);
    }

    void forget(String key) {
        windows.invalidate(key);
    }

    int threshold() {
        return threshold;
    }
}
