package org.perditioncamel.events;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.component.seda.SedaEndpoint;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.log.LogWriter;
import org.perditioncamel.log.Reasons;
import org.perditioncamel.log.ThrottledError;

/**
 * The proxy's entry point for session events: hands each event to the events-publish route through a bounded
 * seda queue and returns at once. It never blocks and never throws; a full queue drops the event from JMS,
 * counts it and says so at ERR, but still writes its log line here.
 */
public final class SessionEvents {
    public static final String ENDPOINT = "seda:session-events";
    private static final long REPORT_MILLIS = 60_000;

    private final CamelContext context;
    private final String uri;
    private final PerditionLog log;
    private final ThrottledError dropped;
    private volatile SedaEndpoint endpoint;

    /** Writes the lines of refused events off the publishing thread, which may be a Netty event loop. */
    private final LogWriter overflow = new LogWriter(10_000);

    /**
     * After an event, the queue makes its consumer sleep lingerMillis before it takes the next ones, and it flushes the
     * perdition log's held event lines whenever it is empty (LingeringQueue).
     */
    public SessionEvents(CamelContext context, int queueSize, int lingerMillis, PerditionLog log) {
        this.context = context;
        context.getRegistry().bind(LingeringQueue.Factory.BEAN, new LingeringQueue.Factory(lingerMillis, log::flush));
        this.uri = endpointUri(queueSize);
        this.log = log;
        this.dropped = new ThrottledError(line -> overflow.write(log::err, line), REPORT_MILLIS);
    }


    /**
     * The consumer's endpoint in events.camel.yaml, parameters and all: one endpoint, so that its consumers are ours to
     * see (a stopping route), one queue size (seda refuses to share a queue of another) and one queue factory
     * (whichever comes first makes the queue: an inetd session may greet before the route starts).
     */
    public static String endpointUri(int queueSize) {
        return ENDPOINT + "?queueFactory=#bean:" + LingeringQueue.Factory.BEAN + "&size=" + queueSize;
    }

    public void publish(SessionEvent event) {
        if (event == null) {
            return;
        }
        try {
            // straight onto the route's queue: what seda's producer would do for an InOnly exchange, without a
            // producer template, its copy of the exchange and its unit of work (a third of this call's CPU)
            SedaEndpoint seda = endpoint();
            if (nobodyWillTake(seda)) {
                drop(event, new IllegalStateException("the events-publish route has stopped"));
                return;
            }
            Exchange exchange = seda.createExchange(ExchangePattern.InOnly);
            exchange.getMessage().setBody(event);
            if (!seda.getQueue().offer(exchange)) {
                drop(event, new IllegalStateException("queue full (events.queue_size " + seda.getSize() + ")"));
            } else if (nobodyWillTake(seda) && seda.getQueue().remove(exchange)) {
                // the route stopped between the check and the offer: what is still on the queue would be lost
                drop(event, new IllegalStateException("the events-publish route has stopped"));
            }
        } catch (RuntimeException e) {
            drop(event, e);
        }
    }

    /**
     * Only once Camel stops and the events-publish route has let go of the queue. While Camel starts (an inetd session
     * greets before the route runs) an event waits on the queue; while Camel stops, the drain (drain_timeout) runs
     * before any route stops, and its sessions' Auth and Close events must reach JMS like any other.
     */
    private boolean nobodyWillTake(SedaEndpoint seda) {
        return (context.isStopping() || context.isStopped()) && !seda.hasConsumers();
    }

    /** Events that never reached the events-publish route. */
    public long dropped() {
        return dropped.count();
    }

    private void drop(SessionEvent event, Exception cause) {
        // the audit line matters more than the JMS copy; written by the log thread, never by the caller, which may
        // be a Netty event loop
        overflow.write(l -> log.event(event), "");
        dropped.occurred(total -> "Event queue " + ENDPOINT + " refused a " + EventDocument.typeName(event.type())
                + " event of session " + event.sessionId() + " (" + Reasons.of(cause) + "): not sent to JMS; "
                + total + " events dropped so far");
    }

    private SedaEndpoint endpoint() {
        SedaEndpoint current = endpoint;
        if (current == null) {
            // the same queue as the events-publish route's consumer: seda keeps one queue per name
            current = context.getEndpoint(uri, SedaEndpoint.class);
            endpoint = current;
        }
        return current;
    }
}
