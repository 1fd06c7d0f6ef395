package org.perditioncamel.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.perditioncamel.session.Protocol;

/**
 * Login attempts per protocol and outcome, the failures per reason, and how long an attempt took from the
 * credentials to the answer (throttling delay and backend login included). Failure reasons are perdition's fixed
 * texts; an operator's route may invent more, so at most {@value #MAX_REASONS} distinct ones get their own label.
 */
public final class LoginMeters {
    static final int MAX_REASONS = 64;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Map<Protocol, Counter> ok = new EnumMap<>(Protocol.class);
    private final Map<Protocol, Timer> okTime = new EnumMap<>(Protocol.class);
    private final Map<Protocol, Timer> failedTime = new EnumMap<>(Protocol.class);
    /** Per protocol: the reason's label → its counter; keyed by label, so a text with a varying detail adds nothing. */
    private final Map<Protocol, Map<String, Counter>> failed = new EnumMap<>(Protocol.class);
    private final Set<String> labels = ConcurrentHashMap.newKeySet();

    LoginMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Protocol p : Protocol.values()) {
            ok.put(p, counter(p, "ok", "none"));
            okTime.put(p, timer(p, "ok"));
            failedTime.put(p, timer(p, "failed"));
            failed.put(p, new ConcurrentHashMap<>());
        }
    }

    private Counter counter(Protocol p, String outcome, String reason) {
        return Counter.builder("perdition.logins").description("login attempts by outcome and failure reason")
                .tags("protocol", p.configName(), "outcome", outcome, "reason", reason).register(registry);
    }

    private Timer timer(Protocol p, String outcome) {
        return Timer.builder("perdition.login.duration")
                .description("from the client's credentials to the proxy's answer")
                .tags("protocol", p.configName(), "outcome", outcome)
                .serviceLevelObjectives(Durations.BUCKETS).register(registry);
    }

    /**
     * One attempt is over. Called by the login route's audit step with the attempt's start ({@link ProxyMetrics#now}).
     *
     * @param failureReason null for a successful login
     */
    public void finished(Protocol protocol, long startedNanos, String failureReason) {
        long elapsed = System.nanoTime() - startedNanos;
        if (failureReason == null) {
            ok.get(protocol).increment();
            okTime.get(protocol).record(elapsed, TimeUnit.NANOSECONDS);
            return;
        }
        failed.get(protocol).computeIfAbsent(label(failureReason), l -> counter(protocol, "failed", l)).increment();
        failedTime.get(protocol).record(elapsed, TimeUnit.NANOSECONDS);
    }

    private String label(String reason) {
        String label = Labels.reason(reason);
        if (labels.contains(label)) {
            return label;
        }
        if (labels.size() < MAX_REASONS) {
            labels.add(label);   // two threads may both add near the bound: a label or two over it, never unbounded
            return label;
        }
        return OTHER;
    }
}
