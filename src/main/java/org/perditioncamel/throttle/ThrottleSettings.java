package org.perditioncamel.throttle;

import org.perditioncamel.config.Settings;

/**
 * Brute-force throttling (not a perdition option; perdition has none), read once. Failed logins are counted per
 * client address, per user and per user and address over a sliding window; a count at its threshold refuses further
 * attempts with that key until the oldest failure leaves the window.
 *
 * @param enabled          throttle.enabled: off by default, as in perdition
 * @param windowSeconds    throttle.window: the sliding window, seconds
 * @param ipFailures       throttle.ip_failures: failures from one client address (0: not counted)
 * @param userFailures     throttle.user_failures: failures for one user name from anywhere (0: not counted)
 * @param userIpFailures   throttle.user_ip_failures: failures for one user from one address (0: not counted)
 * @param delayMillis      throttle.delay: how long a throttled attempt waits before its refusal
 * @param maxKeys          throttle.max_keys: keys remembered per kind; the least recently used go first
 */
public record ThrottleSettings(boolean enabled, long windowSeconds, int ipFailures, int userFailures,
                               int userIpFailures, long delayMillis, int maxKeys) {
    static final String PREFIX = "throttle.";
    static final long DEFAULT_WINDOW_SECONDS = 900;
    static final int DEFAULT_IP_FAILURES = 30;
    static final int DEFAULT_USER_FAILURES = 10;
    static final int DEFAULT_USER_IP_FAILURES = 5;
    static final long DEFAULT_DELAY_MILLIS = 3000;
    static final int DEFAULT_MAX_KEYS = 100_000;
    /** Above this a failure window would cost more memory per key than it is worth. */
    static final int MAX_THRESHOLD = 10_000;

    public ThrottleSettings {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException(PREFIX + "window must be at least 1 second: " + windowSeconds);
        }
        check("ip_failures", ipFailures);
        check("user_failures", userFailures);
        check("user_ip_failures", userIpFailures);
        if (delayMillis < 0) {
            throw new IllegalArgumentException(PREFIX + "delay must not be negative: " + delayMillis);
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException(PREFIX + "max_keys must be at least 1: " + maxKeys);
        }
    }

    private static void check(String key, int threshold) {
        if (threshold < 0 || threshold > MAX_THRESHOLD) {
            throw new IllegalArgumentException(PREFIX + key + " must be between 0 (not counted) and " + MAX_THRESHOLD
                    + ": " + threshold);
        }
    }

    public static ThrottleSettings from(Settings s) {
        String store = s.string(PREFIX + "store", "local").trim();
        if (!store.equals("local")) {
            // a fleet-wide store (SQL table or the broker) is not built yet: refused, never silently local
            throw new IllegalArgumentException(PREFIX + "store " + store
                    + " is not supported: failure counts are local to each instance (throttle.store=local)");
        }
        return new ThrottleSettings(s.flag(PREFIX + "enabled"),
                s.longValue(PREFIX + "window", DEFAULT_WINDOW_SECONDS),
                s.integer(PREFIX + "ip_failures", DEFAULT_IP_FAILURES),
                s.integer(PREFIX + "user_failures", DEFAULT_USER_FAILURES),
                s.integer(PREFIX + "user_ip_failures", DEFAULT_USER_IP_FAILURES),
                s.longValue(PREFIX + "delay", DEFAULT_DELAY_MILLIS),
                s.integer(PREFIX + "max_keys", DEFAULT_MAX_KEYS));
    }
}
