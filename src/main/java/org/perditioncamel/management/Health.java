package org.perditioncamel.management;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.perditioncamel.events.EventOutbox;
import org.perditioncamel.listener.Drain;
import org.perditioncamel.listener.ListenerRoutes;

/**
 * /health: ready when the proxy is started, every listener route it was configured with is bound, and session
 * events have somewhere to go (the outbox's bridge reaches the hub or events.broker_url, or the outbox itself still
 * keeps events); never while Camel stops, so a drain (drain_timeout) sends no new clients here. /health/live: the
 * process answers, until Camel has stopped.
 */
final class Health {
    private final CamelContext context;

    Health(CamelContext context) {
        this.context = context;
    }

    /** What keeps the proxy from being ready; empty when it is. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        Drain drain = context.getRegistry().lookupByNameAndType(Drain.BEAN, Drain.class);
        if (!context.getStatus().isStarted()) {
            problems.add("proxy " + context.getStatus().name().toLowerCase(java.util.Locale.ROOT));
        } else if (drain != null && drain.stopping()) {
            problems.add("proxy stopping");   // draining: Camel's status changes only after the drain
        }
        ListenerRoutes listeners = ListenerRoutes.of(context);
        if (!listeners.any()) {
            problems.add("no listener configured yet");
        }
        for (String id : listeners.notListening(context)) {
            problems.add("listener " + id + " not bound");
        }
        EventOutbox outbox = context.getRegistry().lookupByNameAndType("eventOutbox", EventOutbox.class);
        if (outbox == null || !outbox.isOpen()) {
            problems.add("event outbox not started");
        } else if (!outbox.brokerReachable() && !outbox.acceptsEvents()) {
            problems.add("events: broker unreachable and outbox full (events.outbox_max_bytes)");
        }
        return problems;
    }

    /** Alive while it runs, draining (drain_timeout) included: a liveness probe must not kill a drain. */
    boolean live() {
        return !context.isStopped();
    }
}
