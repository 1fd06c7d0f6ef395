package org.perditioncamel.throttle;

import java.time.Duration;

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

    FailureCounts(int threshold, long windowSeconds, int maxKeys) {
        this.threshold = threshold;
        this.windowNanos = Duration.ofSeconds(windowSeconds).toNanos();
        this.windows = Caffeine.newBuilder().maximumSize(maxKeys)
                .expireAfterWrite(Duration.ofSeconds(windowSeconds)).build();
    }

    boolean counted() {
        return threshold > 0;
    }

    void failed(String key, long nowNanos) {
        if (counted()) {
            windows.get(key, k -> new FailureWindow(threshold)).add(nowNanos);
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
