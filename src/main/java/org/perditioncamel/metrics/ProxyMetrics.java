package org.perditioncamel.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.perditioncamel.config.SharedBeans;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The proxy's meters in one Prometheus registry. Every meter a login touches is created once (at start, or the
 * first time a backend or a failure reason is seen) and kept in a field or a map, so a login costs a few counter
 * increments and a histogram record, never a registry lookup by name.
 */
public final class ProxyMetrics {
    /** Registry name of the one instance that every configuration class shares. */
    public static final String BEAN = "proxyMetrics";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SessionMeters sessions = new SessionMeters(registry);
    private final LoginMeters logins = new LoginMeters(registry);
    private final BackendMeters backends = new BackendMeters(registry);
    private final TlsMeters tls = new TlsMeters(registry);

    /**
     * The context's instance, bound on first use: the configuration classes that need it run in an order Camel
     * Main chooses.
     */
    public static ProxyMetrics of(CamelContext context) {
        return SharedBeans.of(context, BEAN, ProxyMetrics.class, ProxyMetrics::new);
    }

    public SessionMeters sessions() {
        return sessions;
    }

    public LoginMeters logins() {
        return logins;
    }

    public BackendMeters backends() {
        return backends;
    }

    public TlsMeters tls() {
        return tls;
    }

    /** The meters of one popmap source, for its guard route. */
    public LookupMeter lookup(String source) {
        return new LookupMeter(registry, source);
    }

    /** For gauges read at scrape time (event outbox, broker), registered by whoever owns the value. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    /** A start time for {@link LoginMeters#finished}; the login route keeps it in variable loginStarted. */
    public long now() {
        return System.nanoTime();
    }
}
