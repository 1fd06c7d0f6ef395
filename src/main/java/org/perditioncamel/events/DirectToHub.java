package org.perditioncamel.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.io.IOCallback;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.persistence.OperationContext;
import org.apache.activemq.artemis.core.persistence.StorageManager;
import org.apache.activemq.artemis.core.persistence.impl.journal.OperationContextImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;

/**
 * The short way for events while this process serves the hub: each event is routed by the hub's own post office on
 * the events thread, as Artemis' protocol handlers (STOMP, AMQP, MQTT) route what their connections send. No client
 * session, no in-VM connection, no bridge: an event is written to one journal instead of two and crosses no thread
 * on its way in (a client session cost three thread hand-overs per event: to the server, its confirmation back, and
 * the confirmation's callback). It keeps each event until the hub's journal has it, so that when the hub goes away
 * (a journal error, the stop) the outbox takes the unconfirmed ones again, in their order. Used by one sender at a
 * time (EventOutbox's lock); confirmations come on the journal's thread.
 */
final class DirectToHub {
    /** How long leaving the short way waits for the journal to confirm what it was given. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final int MESSAGE_BUFFER = 1024;
    private static final byte JMS_DEFAULT_PRIORITY = 4;

    /** An event sent but not yet confirmed by the hub. */
    record Unconfirmed(String json, SimpleString address, String eventId) {
    }

    private final ActiveMQServer server;
    private final StorageManager storage;
    /** Completions run on whichever thread completes them (the journal's, or this one when nothing is stored). */
    private final OperationContext context;
    private final ConcurrentLinkedDeque<Unconfirmed> unconfirmed = new ConcurrentLinkedDeque<>();
    private final AtomicInteger unconfirmedCount = new AtomicInteger();
    private final AtomicLong confirmed;
    private volatile boolean failed;
    private volatile boolean closed;

    private DirectToHub(ActiveMQServer server, AtomicLong confirmed) {
        this.server = server;
        this.storage = server.getStorageManager();
        this.context = storage.newContext(Runnable::run);
        this.confirmed = confirmed;
    }

    /** Routes into the given live hub; confirmations counted in {@code confirmed}. */
    static DirectToHub open(ActiveMQServer server, AtomicLong confirmed) {
        if (server == null || !server.isActive()) {
            throw new IllegalStateException("the hub is not running in this process");
        }
        return new DirectToHub(server, confirmed);
    }

    /** Routes the event; an exception or a later journal error leaves it to {@link #closeAndTakeUnconfirmed}. */
    void send(Unconfirmed event) throws Exception {
        unconfirmed.addLast(event);
        unconfirmedCount.incrementAndGet();
        CoreMessage message = new CoreMessage(storage.generateID(), MESSAGE_BUFFER);
        message.setType(Message.TEXT_TYPE);
        message.setDurable(true);
        // a client's default (JMS's 4); a server-made message has 0, and queues deliver higher priorities first, so
        // events bridged from an outbox would overtake older ones sent this way
        message.setPriority(JMS_DEFAULT_PRIORITY);
        message.setTimestamp(System.currentTimeMillis());
        message.setAddress(event.address());
        message.setRoutingType(RoutingType.MULTICAST);
        message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(event.json()));
        message.putStringProperty(EventOutbox.EVENT_ID, event.eventId());
        OperationContext previous = OperationContextImpl.getContext();
        OperationContextImpl.setContext(context);
        try {
            // direct: delivered to a waiting consumer from this thread, as an in-VM or TCP session's send would be
            server.getPostOffice().route(message, true);
            storage.afterCompleteOperations(new IOCallback() {
                @Override
                public void done() {
                    // in the hub's journal (or routed to no durable subscription): the same as a session's confirmation
                    forget(event);
                    confirmed.incrementAndGet();
                }

                @Override
                public void onError(int errorCode, String errorMessage) {
                    failed = true;   // kept in unconfirmed: the outbox sends it again
                }
            });
        } catch (Exception e) {
            failed = true;
            throw e;
        } finally {
            OperationContextImpl.setContext(previous);
        }
    }

    /** The hub refused an event, its journal failed, or it stopped: no more sends this way. */
    boolean failed() {
        return failed || closed || !server.isActive();
    }

    /** Events sent that the hub has not confirmed yet. */
    int unconfirmed() {
        return unconfirmedCount.get();
    }

    /**
     * Waits (bounded) for the journal to confirm what it was given while the hub still runs, and returns the events
     * that are left unconfirmed, in the order they were sent. One the hub did store after all reaches consumers twice,
     * with the same event_id, as after any redelivery.
     */
    List<Unconfirmed> closeAndTakeUnconfirmed() {
        closed = true;
        if (!failed && server.isActive() && unconfirmedCount.get() > 0) {
            try {
                context.waitCompletion(CLOSE_WAIT_MILLIS);
            } catch (Exception e) {
                // a journal that fails now cannot confirm anything more: what is left goes to the outbox
            }
        }
        List<Unconfirmed> left = new ArrayList<>(unconfirmed);
        unconfirmed.clear();
        unconfirmedCount.set(0);
        return left;
    }

    private void forget(Unconfirmed event) {
        // completions come in send order, so this is the first one
        if (unconfirmed.remove(event)) {
            unconfirmedCount.decrementAndGet();
        }
    }
}
