package org.perditioncamel.metrics;

import java.util.Map;
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
    private final Map<String, Timer> connect = new ConcurrentHashMap<>();
    private final Map<String, Timer> login = new ConcurrentHashMap<>();

    BackendMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A TCP connection to this backend address was established after this long. */
    public void connected(String backend, long nanos) {
        timer(connect, "perdition.backend.connect.duration", "TCP connect to the backend", backend, null)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The backend login ended (ok or not) after this long, counted from the start of the connection. */
    public void loginFinished(String backend, boolean ok, long nanos) {
        timer(login, "perdition.backend.login.duration", "backend connect, greeting and login", backend, ok)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Map<String, Timer> timers, String name, String description, String backend, Boolean ok) {
        String key = ok == null ? backend : backend + (ok ? " ok" : " failed");
        Timer known = timers.get(key);
        if (known != null) {
            return known;
        }
        String label = timers.size() < MAX_BACKENDS * 2 ? backend : LoginMeters.OTHER;
        String mapKey = label.equals(backend) ? key : (ok == null ? label : label + (ok ? " ok" : " failed"));
        return timers.computeIfAbsent(mapKey, k -> {
            Timer.Builder b = Timer.builder(name).description(description).tag("backend", label)
                    .serviceLevelObjectives(Durations.BUCKETS);
            if (ok != null) {
                b.tag("outcome", ok ? "ok" : "failed");
            }
            return b.register(registry);
        });
    }
}
