package org.perditioncamel.popmap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.perditioncamel.metrics.LookupMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean of one source's popmap-&lt;name&gt;-guard route (routes/popmap-guard.camel.yaml): the answer cache in
 * front of the source, what the circuit breaker counts as a failure, and what a failure means for the login.
 */
public final class SourceGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SourceGuard.class);

    private final SourceSettings settings;
    private final LongSupplier nanoClock;
    private final Map<String, Cached> cache;
    private volatile LookupMeter meter;

    public SourceGuard(SourceSettings settings) {
        this(settings, System::nanoTime);
    }

    SourceGuard(SourceSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        int size = settings.cacheSize();
        // access order: the least recently asked key goes first when the cache is full
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > size;
            }
        };
    }

    public SourceSettings settings() {
        return settings;
    }

    /** Where this source's lookup times and errors are counted (perdition_popmap_lookup_*). */
    public SourceGuard meter(LookupMeter lookupMeter) {
        this.meter = lookupMeter;
        return this;
    }

    /** The lookup's start, kept in variable popmapStarted for {@link #measured}. */
    public long started() {
        return System.nanoTime();
    }

    /** The lookup is over: its time and whether it failed, for the metrics. */
    public void measured(@Variable("popmapStarted") Long started, @Variable("popmapAnswer") LookupResult answer) {
        LookupMeter m = meter;
        if (m != null && started != null) {
            m.finished(started, !(answer instanceof LookupResult.Found || answer instanceof LookupResult.NotFound));
        }
    }

    /** A cached answer still within its TTL, or null: then the source is asked. */
    public LookupResult cached(@Variable("queryKey") String key) {
        if (!settings.caching()) {
            return null;
        }
        synchronized (cache) {
            Cached c = cache.get(key);
            return c != null && age(c) < c.ttlNanos ? c.answer : null;
        }
    }

    /**
     * Inside the breaker: a "failed" answer becomes an exception so the breaker counts it; others are remembered. A
     * failure of the key alone is neither: keys are the client's choice, and a few costly or unmatchable ones must
     * not open the breaker for every user of the source.
     */
    public void check(@Variable("queryKey") String key, @Variable("popmapAnswer") LookupResult answer)
            throws SourceFailedException {
        if (answer == null) {
            throw new SourceFailedException(noAnswer());
        }
        if (answer instanceof LookupResult.Failed failed) {
            if (failed.sourceFault()) {
                throw new SourceFailedException(failed.reason());
            }
            return;
        }
        remember(key, answer);
    }

    /**
     * An in-memory source's answer, with no breaker: found and not-found are remembered as by {@link #check}; a
     * failure is answered as the breaker's fallback would answer it (a stale cached answer, or failed).
     */
    public LookupResult answered(@Variable("queryKey") String key, @Variable("popmapAnswer") LookupResult answer) {
        if (answer == null) {
            return unavailable(key, noAnswer());
        }
        if (answer instanceof LookupResult.Failed failed) {
            return unavailable(key, failed.reason());
        }
        remember(key, answer);
        return answer;
    }

    private String noAnswer() {
        return "popmap source " + settings.name() + " gave no answer";
    }

    private void remember(String key, LookupResult answer) {
        long ttl = TimeUnit.SECONDS.toNanos(answer instanceof LookupResult.Found ? settings.cacheTtl()
                : settings.cacheNegativeTtl());
        if (ttl > 0) {
            synchronized (cache) {
                cache.put(key, new Cached(answer, nanoClock.getAsLong(), ttl));
            }
        }
    }

    /**
     * The breaker's fallback: the source failed, or the breaker is open and did not ask it. A cached answer past its
     * TTL but within cache_stale_ttl is given instead, when the operator opted in; otherwise the answer is failed.
     */
    public LookupResult unavailable(Exchange exchange) {
        String key = exchange.getVariable("queryKey", String.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean shortCircuited = Boolean.TRUE.equals(exchange.getProperty("CamelResponseShortCircuited"));
        String reason = shortCircuited || cause == null
                ? "popmap source " + settings.name() + " unavailable (circuit breaker open)"
                : rootMessage(cause);
        return unavailable(key, reason);
    }

    private LookupResult unavailable(String key, String reason) {
        if (settings.cacheStaleTtl() > 0) {
            synchronized (cache) {
                Cached c = cache.get(key);
                if (c != null && age(c) < c.ttlNanos + TimeUnit.SECONDS.toNanos(settings.cacheStaleTtl())) {
                    LOG.warn("popmap source {} failed ({}); answering {} from the cache", settings.name(), reason,
                            c.answer.status());
                    return c.answer;
                }
            }
        }
        return new LookupResult.Failed(reason);
    }

    /**
     * What a failed answer means for the login: its reason (the client gets a temporary failure), or null when the
     * answer did not fail or on_failure=outgoing_server (perdition's behaviour: the user goes to outgoing_server).
     */
    public String failure(@Variable("popmapAnswer") LookupResult answer) {
        if (!(answer instanceof LookupResult.Failed failed)) {
            return null;
        }
        if (settings.fallBackToOutgoingServer()) {
            LOG.warn("popmap source {} failed ({}); on_failure=outgoing_server", settings.name(), failed.reason());
            return null;
        }
        return failed.reason();
    }

    /** Camel wraps what a bean throws; the innermost message is the one that says what went wrong. */
    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private long age(Cached c) {
        return nanoClock.getAsLong() - c.storedNanos;
    }

    @Override
    public String toString() {
        return "source " + settings.name() + (settings.fallBackToOutgoingServer() ? " (on_failure=outgoing_server)" : "")
                + (settings.caching() ? " cache " + settings.cacheTtl() + "s/" + settings.cacheNegativeTtl() + "s" : "");
    }

    private record Cached(LookupResult answer, long storedNanos, long ttlNanos) {
    }
}
