package org.perditioncamel.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** TLS handshakes with clients (implicit TLS and STARTTLS) and with backends, completed or failed. */
public final class TlsMeters {
    private final Counter clientOk;
    private final Counter clientFailed;
    private final Counter backendOk;
    private final Counter backendFailed;

    TlsMeters(MeterRegistry registry) {
        clientOk = counter(registry, "client", "ok");
        clientFailed = counter(registry, "client", "failed");
        backendOk = counter(registry, "backend", "ok");
        backendFailed = counter(registry, "backend", "failed");
    }

    private static Counter counter(MeterRegistry registry, String side, String outcome) {
        return Counter.builder("perdition.tls.handshakes").description("TLS handshakes by side and outcome")
                .tags("side", side, "outcome", outcome).register(registry);
    }

    public void client(boolean ok) {
        (ok ? clientOk : clientFailed).increment();
    }

    public void backend(boolean ok) {
        (ok ? backendOk : backendFailed).increment();
    }
}
