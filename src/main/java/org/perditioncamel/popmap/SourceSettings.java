package org.perditioncamel.popmap;

import java.util.List;
import java.util.Locale;

import org.perditioncamel.config.Settings;

/**
 * How popmap-lookup treats one source ({@code popmap.<name>.*}, beyond perdition): what a failure does, the answer
 * cache, and the circuit breaker. The one place their defaults are written in code.
 *
 * @param fallBackToOutgoingServer on_failure=outgoing_server: a failed lookup sends the user to outgoing_server, as
 *                                 perdition does; the default (tempfail) gives the client a temporary failure
 * @param cacheTtl                 seconds a found answer is reused; 0: no cache
 * @param cacheNegativeTtl         seconds a not-found answer is reused; 0: not cached
 * @param cacheStaleTtl            seconds past its TTL a cached answer may still be given while the source fails
 * @param breakerOpenSeconds       seconds the breaker stays open before it lets a trial lookup through
 * @param poolSize                 threads of the source's own pool (the lookups waiting on it at once); the same
 *                                 key sizes a database source's connection pool
 * @param queueSize                lookups that may wait for a thread; beyond that a login gets an internal error
 */
public record SourceSettings(String name, boolean fallBackToOutgoingServer, int cacheTtl, int cacheNegativeTtl,
                             int cacheStaleTtl, int cacheSize, int breakerFailureRate, int breakerMinimumCalls,
                             int breakerWindow, int breakerOpenSeconds, int poolSize, int queueSize) {
    static final String TEMPFAIL = "tempfail";
    static final String OUTGOING_SERVER = "outgoing_server";

    public static SourceSettings from(Settings s, String name) {
        String prefix = "popmap." + name + ".";
        String onFailure = s.string(prefix + "on_failure", TEMPFAIL).trim().toLowerCase(Locale.ROOT);
        if (!onFailure.equals(TEMPFAIL) && !onFailure.equals(OUTGOING_SERVER)) {
            throw new IllegalArgumentException(prefix + "on_failure must be " + TEMPFAIL + " or " + OUTGOING_SERVER
                    + ", not " + onFailure);
        }
        SourceSettings settings = new SourceSettings(name, onFailure.equals(OUTGOING_SERVER),
                s.integer(prefix + "cache_ttl", 0),
                s.integer(prefix + "cache_negative_ttl", 0),
                s.integer(prefix + "cache_stale_ttl", 0),
                s.integer(prefix + "cache_size", 10_000),
                s.integer(prefix + "breaker_failure_rate", 50),
                s.integer(prefix + "breaker_minimum_calls", 10),
                s.integer(prefix + "breaker_window", 20),
                s.integer(prefix + "breaker_open", 10),
                s.integer(prefix + "pool_size", 8),
                s.integer(prefix + "queue_size", 1000));
        if (settings.breakerFailureRate < 1 || settings.breakerFailureRate > 100) {
            throw new IllegalArgumentException(prefix + "breaker_failure_rate must be 1 to 100 (percent)");
        }
        if (settings.breakerMinimumCalls < 1 || settings.breakerWindow < 1 || settings.breakerOpenSeconds < 1
                || settings.poolSize < 1 || settings.queueSize < 1) {
            throw new IllegalArgumentException(prefix + "breaker_minimum_calls, breaker_window, breaker_open, "
                    + "pool_size and queue_size must be at least 1");
        }
        return settings;
    }

    /** The keys of the source's own pool and circuit breaker, which only a source that may block has. */
    private static final List<String> POOL_AND_BREAKER = List.of("breaker_failure_rate", "breaker_minimum_calls",
            "breaker_window", "breaker_open", "pool_size", "queue_size");

    /**
     * An in-memory source (none, flatfile: not mayBlock) answers or fails at once, on the event loop, with neither a
     * pool nor a circuit breaker: their keys set for it would do nothing, so they are refused, never silently ignored.
     */
    static void refusePoolAndBreaker(Settings s, String name) {
        for (String key : POOL_AND_BREAKER) {
            String full = "popmap." + name + "." + key;
            if (s.get(full).isPresent()) {
                throw new IllegalArgumentException(full + ": source " + name + " is in memory and answers at once, "
                        + "with no pool or circuit breaker of its own; remove the key");
            }
        }
    }

    boolean caching() {
        return cacheTtl > 0 || cacheNegativeTtl > 0;
    }
}
