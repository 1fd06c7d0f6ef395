package org.perditioncamel.events;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The event stream's gauges, read only when Prometheus scrapes: nothing is counted per event for them. */
final class EventMeters {
    private EventMeters() {
    }

    static void register(MeterRegistry registry, EventOutbox outbox, SessionEvents events) {
        Gauge.builder("perdition.events.outbox.backlog", outbox, o -> o.isOpen() ? o.backlog() : 0)
                .description("events in the outbox not yet confirmed by the hub or events.broker_url")
                .strongReference(true).register(registry);
        Gauge.builder("perdition.events.broker.reachable", outbox, o -> o.isOpen() && o.brokerReachable() ? 1 : 0)
                .description("1 while the outbox is connected to the hub or events.broker_url")
                .strongReference(true).register(registry);
        Gauge.builder("perdition.events.outbox.accepting", outbox, o -> o.acceptsEvents() ? 1 : 0)
                .description("1 while the outbox keeps new events (not at events.outbox_max_bytes)")
                .strongReference(true).register(registry);
        FunctionCounter.builder("perdition.events.rejected", outbox, EventOutbox::rejected)
                .description("events the outbox refused or could not be given").register(registry);
        FunctionCounter.builder("perdition.events.dropped", events, SessionEvents::dropped)
                .description("events dropped before the outbox (events.queue_size full)").register(registry);
    }
}
