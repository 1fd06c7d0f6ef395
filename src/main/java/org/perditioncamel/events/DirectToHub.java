package org.perditioncamel.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.SendAcknowledgementHandler;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.client.SessionFailureListener;

/**
 * The short way for events while this process serves the hub: sent in-VM straight to the hub's topics, so an event
 * is written to one journal instead of two and crosses no bridge and no socket. It keeps each event until the hub
 * has confirmed it, so that when the hub goes away (a journal error, the stop) the outbox takes the unconfirmed ones
 * again, in their order. Used by one sender at a time (EventOutbox's lock); confirmations come on Artemis' thread.
 */
final class DirectToHub {
    /** An event sent but not yet confirmed by the hub. */
    record Unconfirmed(String json, SimpleString address, String eventId) {
    }

    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final ClientSession session;
    private final ClientProducer producer;
    private final ConcurrentLinkedDeque<Unconfirmed> unconfirmed = new ConcurrentLinkedDeque<>();
    private final AtomicInteger unconfirmedCount = new AtomicInteger();
    private final AtomicLong confirmed;
    private volatile boolean failed;

    private DirectToHub(ServerLocator locator, ClientSessionFactory factory, ClientSession session,
            AtomicLong confirmed) throws ActiveMQException {
        this.locator = locator;
        this.factory = factory;
        this.session = session;
        this.confirmed = confirmed;
        session.setSendAcknowledgementHandler(new SendAcknowledgementHandler() {
            @Override
            public void sendAcknowledged(Message message) {
                // in the hub's journal: the same as a bridge's confirmation
                forget(message.getStringProperty(EventOutbox.EVENT_ID));
                DirectToHub.this.confirmed.incrementAndGet();
            }

            @Override
            public void sendFailed(Message message, Exception e) {
                failed = true;   // kept in unconfirmed: the outbox sends it again
            }
        });
        session.addFailureListener(new SessionFailureListener() {
            @Override
            public void connectionFailed(ActiveMQException exception, boolean failedOver) {
                failed = true;
            }

            @Override
            public void connectionFailed(ActiveMQException exception, boolean failedOver, String scaleDownTargetNodeID) {
                failed = true;
            }

            @Override
            public void beforeReconnect(ActiveMQException exception) {
                failed = true;
            }
        });
        this.producer = session.createProducer();
    }

    /** Connects in-VM as the bridges do (the bridge user may only send); confirmations counted in {@code confirmed}. */
    static DirectToHub open(String inVmUrl, String user, String password, AtomicLong confirmed) throws Exception {
        ServerLocator locator = ActiveMQClient.createServerLocator(inVmUrl);
        try {
            locator.setBlockOnDurableSend(false);
            locator.setConfirmationWindowSize(1024 * 1024);
            locator.setReconnectAttempts(0);   // a hub that went away is left to the outbox and its bridges
            // a hub that stopped answering holds the events' thread at most this long when leaving the short way
            locator.setCallTimeout(5_000);
            ClientSessionFactory factory = locator.createSessionFactory();
            ClientSession session = factory.createSession(user, password, false, true, true, false,
                    locator.getAckBatchSize());
            return new DirectToHub(locator, factory, session, confirmed);
        } catch (Exception e) {
            locator.close();
            throw e;
        }
    }

    /** Sends asynchronously; an exception or a later failure leaves the event to {@link #closeAndTakeUnconfirmed}. */
    void send(Unconfirmed event) throws ActiveMQException {
        unconfirmed.addLast(event);
        unconfirmedCount.incrementAndGet();
        producer.send(event.address(), EventOutbox.message(session, event.json(), event.eventId()));
    }

    /** The hub refused an event, or the connection to it failed: no more sends this way. */
    boolean failed() {
        return failed || session.isClosed();
    }

    /** Events sent that the hub has not confirmed yet. */
    int unconfirmed() {
        return unconfirmedCount.get();
    }

    /**
     * Closes the session, which waits for the confirmations of what was sent while the hub still runs, and returns
     * the events that are left unconfirmed, in the order they were sent.
     */
    List<Unconfirmed> closeAndTakeUnconfirmed() {
        try {
            session.close();
        } catch (ActiveMQException | RuntimeException e) {
            // a hub that is gone cannot confirm anything more: what is left goes to the outbox
        }
        factory.close();
        locator.close();
        List<Unconfirmed> left = new ArrayList<>(unconfirmed);
        unconfirmed.clear();
        unconfirmedCount.set(0);
        return left;
    }

    private void forget(String eventId) {
        Unconfirmed first = unconfirmed.peekFirst();
        // confirmations come in send order, so this is the first one; removeIf only if the hub ever reorders
        boolean removed = first != null && first.eventId().equals(eventId) ? unconfirmed.pollFirst() != null
                : unconfirmed.removeIf(u -> u.eventId().equals(eventId));
        if (removed) {
            unconfirmedCount.decrementAndGet();
        }
    }
}
