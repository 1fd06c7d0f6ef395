package org.perditioncamel.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which client networks may relay, and until when (epoch milliseconds). A grant only ever moves its expiry later,
 * so a late or repeated event (a redelivery, a restart's replay) never shortens a window. Thread-safe: the event
 * routes write while the Postfix listener reads.
 */
public final class RelayGrants {
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();

    /** Lets key relay until untilMillis, unless it already may for longer; true when that changed anything. */
    public boolean grant(String key, long untilMillis) {
        long[] before = {Long.MIN_VALUE};
        expiries.merge(key, untilMillis, (old, now) -> {
            before[0] = old;
            return Math.max(old, now);
        });
        return before[0] < untilMillis;
    }

    /**
     * Undoes {@link #grant} when its journal line could not be written, so that the event, not acknowledged, grants
     * and is journaled again when it comes back; a later grant of the key meanwhile is kept.
     */
    public void revert(String key, long untilMillis, long previousMillis) {
        expiries.computeIfPresent(key, (k, until) -> until != untilMillis ? until
                : previousMillis == Long.MIN_VALUE ? null : previousMillis);
    }

    /**
     * After a restart: keeps only the grants whose key {@code current} accepts (the journal's from other prefixes
     * would grant a wider or a narrower network than configured now), each for at most until {@code latestMillis}.
     */
    public void retain(Predicate<String> current, long latestMillis) {
        expiries.keySet().removeIf(key -> !current.test(key));
        expiries.replaceAll((key, until) -> Math.min(until, latestMillis));
    }

    /** The key's expiry, or Long.MIN_VALUE when it has none. */
    public long until(String key) {
        Long until = expiries.get(key);
        return until == null ? Long.MIN_VALUE : until;
    }

    public boolean granted(String key, long nowMillis) {
        Long until = expiries.get(key);
        return until != null && until > nowMillis;
    }

    /**
     * Forgets what has expired, and shortens what runs past {@code latestMillis} (now plus the window): a grant can
     * only run that long unless the clock was set back, which would lengthen every live grant by as much.
     *
     * @return how many grants remain
     */
    public int expire(long nowMillis, long latestMillis) {
        expiries.replaceAll((key, until) -> Math.min(until, latestMillis));
        return expire(nowMillis);
    }

    /** Forgets what has expired; returns how many grants remain. */
    public int expire(long nowMillis) {
        expiries.values().removeIf(until -> until <= nowMillis);
        return expiries.size();
    }

    public int size() {
        return expiries.size();
    }

    /** A copy, for the journal's compaction. */
    public Map<String, Long> snapshot() {
        return Map.copyOf(expiries);
    }
}
