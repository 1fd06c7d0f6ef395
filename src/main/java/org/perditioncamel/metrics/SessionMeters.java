package org.perditioncamel.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.perditioncamel.session.Protocol;

/** Sessions open per protocol, and the bytes relayed, added when each session ends (from its Close event). */
public final class SessionMeters {
    private final Map<Protocol, AtomicLong> open = new EnumMap<>(Protocol.class);
    private final Counter fromClients;
    private final Counter fromServers;

    SessionMeters(MeterRegistry registry) {
        for (Protocol p : Protocol.values()) {
            AtomicLong count = new AtomicLong();
            open.put(p, count);
            Gauge.builder("perdition.sessions.open", count, AtomicLong::get)
                    .description("client connections open, before and after login")
                    .tag("protocol", p.configName()).register(registry);
        }
        fromClients = Counter.builder("perdition.relayed.bytes").baseUnit("bytes")
                .description("bytes relayed after login, counted when the session ends")
                .tag("direction", "client_to_server").register(registry);
        fromServers = Counter.builder("perdition.relayed.bytes").baseUnit("bytes")
                .description("bytes relayed after login, counted when the session ends")
                .tag("direction", "server_to_client").register(registry);
    }

    public void opened(Protocol protocol) {
        open.get(protocol).incrementAndGet();
    }

    /**
     * @param received bytes the client sent (perdition's "received")
     * @param sent     bytes the client was sent (perdition's "sent")
     */
    public void closed(Protocol protocol, long received, long sent) {
        open.get(protocol).decrementAndGet();
        if (received > 0) {
            fromClients.increment(received);
        }
        if (sent > 0) {
            fromServers.increment(sent);
        }
    }

    public long open(Protocol protocol) {
        return open.get(protocol).get();
    }
}
