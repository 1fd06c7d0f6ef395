package org.perditioncamel.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * How long connecting to each backend takes, and the whole backend login (connect, greeting, STARTTLS, login).
 * A backend is "host:port" as the popmap named it; a popmap naming thousands would flood the scrape, so after
 * {@value #MAX_BACKENDS} distinct ones the rest share the label "other".
 */
public final class BackendMeters {
    static final int MAX_BACKENDS = 256;

    private final MeterRegistry registry;
    private final Set<String> labelled = ConcurrentHashMap.newKeySet();
    /** "connect host:port", "ok host:port", "failed host:port" → its timer, created the first time. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    BackendMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A TCP connection to this backend was established after this long. */
    public void connected(String backend, long nanos) {
        timer("connect", backend).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The backend login ended (ok or not) after this long, counted from before the name lookup. */
    public void loginFinished(String backend, boolean ok, long nanos) {
        timer(ok ? "ok" : "failed", backend).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String kind, String backend) {
        Timer known = timers.get(kind + " " + backend);
        if (known != null) {
            return known;
        }
        String label = label(backend);
        return timers.computeIfAbsent(kind + " " + label, k -> {
            Timer.Builder b = kind.equals("connect")
                    ? Timer.builder("perdition.backend.connect.duration").description("TCP connect to the backend")
                    : Timer.builder("perdition.backend.login.duration")
                            .description("backend name lookup, connect, greeting and login").tag("outcome", kind);
            return b.tag("backend", label).serviceLevelObjectives(Durations.BUCKETS).register(registry);
        });
    }

    private String label(String backend) {
        if (labelled.contains(backend) || (labelled.size() < MAX_BACKENDS && labelled.add(backend))) {
            return backend;
        }
        return LoginMeters.OTHER;
    }
}
