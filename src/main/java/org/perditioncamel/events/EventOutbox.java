package org.perditioncamel.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.SendAcknowledgementHandler;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.server.Queue;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.log.ThrottledError;
import org.perditioncamel.session.SessionEvent;

/**
 * Puts each event into this instance's outbox broker, in-VM, as a persistent JMS-compatible text message with an
 * event_id property. Sends do not wait for the journal: the broker confirms them asynchronously in windows, so one
 * thread keeps up with thousands of events a second. Once a second it reads the outbox queues' counters (nothing per
 * event) for the {@link BacklogReport}.
 * <p>
 * While this process serves the hub, events skip the outbox: once every event in the outbox has reached the hub, they
 * are routed straight into the hub ({@link DirectToHub}), which costs one journal write instead of two, a bridge and a
 * socket. Should the hub stop taking them, the events it has not confirmed and all later ones go to the outbox again.
 */
public final class EventOutbox {
    public static final String EVENT_ID = "event_id";
    private static final long REPORT_MILLIS = 60_000;
    /** At most this many events, for at most this long, wait in memory for the outbox to drain before the switch. */
    private static final int HOLD_MAX = 10_000;
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(2);
    private static final long DRAIN_POLL_MILLIS = 5;
    private static final Duration SWITCH_RETRY = Duration.ofSeconds(10);
    private static final String STOPPED_TAKING = "the hub in this process stopped taking events";

    private final EmbeddedBroker broker;
    private final EventDocument document;
    private final Map<SessionEvent.Type, SimpleString> addresses = new EnumMap<>(SessionEvent.Type.class);
    private final BacklogReport backlogReport;
    private final PerditionLog log;
    /** The hub of this host when it may run in this process, else null (events.broker_url). */
    private final HubBroker hub;
    private final ThrottledError refused;
    private final ThrottledError failed;
    private final ThrottledError shortWayRefused;
    private ServerLocator locator;
    private ClientSessionFactory factory;
    private ClientSession session;
    private ClientProducer producer;
    private ScheduledExecutorService monitor;
    /** Set when the broker and this producer start in the background (OutboxStart); an early send waits for it. */
    private volatile OutboxStart start;
    /** The last send the outbox answered was refused (full): it takes no events until one is accepted again. */
    private volatile boolean lastSendRefused;
    /** Between open() and close(): the producer is connected to the outbox broker. */
    private volatile boolean open;
    /** Non-null while events go straight to the hub; changed only under this object's lock. */
    private volatile DirectToHub direct;
    /** Non-null while events wait for the outbox to drain before the switch; changed only under this object's lock. */
    private volatile List<DirectToHub.Unconfirmed> held;
    /** After a switch that found the outbox not drained in time, the next try waits (System.nanoTime()). */
    private long nextSwitchTry = System.nanoTime();
    /** Events the hub confirmed on the short way, since start. */
    private final AtomicLong directConfirmed = new AtomicLong();
    /** Sends into the outbox not yet answered, and those it accepted since open(). */
    private final AtomicLong outboxUnanswered = new AtomicLong();
    private final AtomicLong outboxAccepted = new AtomicLong();
    /** What the outbox held at open(), from an earlier run: it reaches the hub before anything goes the short way. */
    private long outboxRecovered;

    public EventOutbox(EmbeddedBroker broker, EventDocument document, EventsSettings settings, String targetName,
            HubBroker hub, PerditionLog log) {
        this.broker = broker;
        this.document = document;
        addresses.put(SessionEvent.Type.CONNECT, SimpleString.of(settings.topicConnect()));
        addresses.put(SessionEvent.Type.AUTH, SimpleString.of(settings.topicAuth()));
        addresses.put(SessionEvent.Type.CLOSE, SimpleString.of(settings.topicClose()));
        addresses.put(SessionEvent.Type.CLOSE_NULL, SimpleString.of(settings.topicClose()));
        this.backlogReport = new BacklogReport(targetName, settings.backlogWarn(), log);
        this.log = log;
        this.hub = hub;
        this.refused = new ThrottledError(log, REPORT_MILLIS);
        this.failed = new ThrottledError(log, REPORT_MILLIS);
        this.shortWayRefused = new ThrottledError(log, REPORT_MILLIS);
    }

    void startedBy(OutboxStart background) {
        this.start = background;
    }

    /**
     * Connects the producer to the started outbox broker. Not a Camel Service on purpose: the route's bean step would
     * start it on the route-starting thread, while OutboxStart starts it beside the routes.
     */
    void open() throws Exception {
        locator = ActiveMQClient.createServerLocator(broker.inVmUrl());
        locator.setBlockOnDurableSend(false);
        locator.setConfirmationWindowSize(1024 * 1024);
        factory = locator.createSessionFactory();
        session = factory.createSession(true, true);
        session.setSendAcknowledgementHandler(new SendAcknowledgementHandler() {
            @Override
            public void sendAcknowledged(Message message) {
                // the journal has it; the bridge takes it from here
                lastSendRefused = false;
                outboxAccepted.incrementAndGet();
                outboxUnanswered.decrementAndGet();
            }

            @Override
            public void sendFailed(Message message, Exception e) {
                lastSendRefused = true;
                outboxUnanswered.decrementAndGet();
                refused.occurred(total -> "Event outbox " + broker.dataDir() + " refused event "
                        + message.getStringProperty(EVENT_ID) + " (" + e.getMessage() + ", events.outbox_max_bytes):"
                        + " not sent; " + total + " events refused so far");
            }
        });
        producer = session.createProducer();
        outboxRecovered = sum(Queue::getMessageCount);
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perdition-events-backlog");
            t.setDaemon(true);
            return t;
        });
        monitor.scheduleWithFixedDelay(this::everySecond, 1, 1, TimeUnit.SECONDS);
        open = true;
    }

    /** Synchronized with send: a send in progress finishes before the session closes under it. */
    synchronized void close() throws Exception {
        open = false;
        if (monitor != null) {
            monitor.shutdownNow();
            monitor = null;
        }
        releaseHeld();
        if (direct != null) {
            backToOutbox(null);   // before the hub stops: it stops after us
        }
        // closing the session waits for the sends before it: the in-VM connection keeps their order
        if (session != null) {
            session.close();
            session = null;
        }
        if (factory != null) {
            factory.close();
            factory = null;
        }
        if (locator != null) {
            locator.close();
            locator = null;
        }
    }

    /**
     * Gives the event its event_id, renders it and sends it: one bean call per event from events-publish, which is
     * the pipeline's one thread (publish order is topic order), so the route adds as little as it can.
     */
    public boolean publish(SessionEvent event) {
        String eventId = document.nextId();
        return send(document.toJson(event, eventId), event.type(), eventId);
    }

    /**
     * For an operator's route (docs/routes.md): the event, with an event_id of its own, to one more topic, one of
     * events.topic.extra (the outbox bridges only the topics it was started with). False, counted and logged at ERR,
     * when the topic is not one of them or the event could not be handed to the broker.
     */
    public boolean publishTo(SessionEvent event, String topic) {
        String eventId = document.nextId();
        if (!broker.topics().contains(topic)) {
            failed.occurred(total -> "Event outbox: topic " + topic + " is not in events.topic.extra; event "
                    + eventId + " not kept; " + total + " events not kept so far");
            return false;
        }
        return send(document.toJson(event, eventId), SimpleString.of(topic), eventId);
    }

    /** Sends one rendered event; false (counted, logged at ERR) when it could not be handed to the broker. */
    public boolean send(String json, SessionEvent.Type type, String eventId) {
        return send(json, addresses.get(type), eventId);
    }

    private synchronized boolean send(String json, SimpleString address, String eventId) {
        try {
            OutboxStart starting = start;
            if (!open && starting != null) {
                starting.await(EventsConfiguration.START_LIMIT);   // only before the listeners open: tests, tools
            }
            if (held != null) {
                if (held.size() < HOLD_MAX) {
                    held.add(new DirectToHub.Unconfirmed(json, address, eventId));
                    return true;
                }
                releaseHeld();   // the outbox is slow to drain: the switch is tried again later
            }
            if (direct == null || !straight(new DirectToHub.Unconfirmed(json, address, eventId))) {
                toOutbox(json, address, eventId);
            }
            return true;
        } catch (ActiveMQException | RuntimeException e) {
            lastSendRefused = true;
            failed.occurred(total -> "Event outbox " + broker.dataDir() + ": cannot keep event " + eventId + " ("
                    + e.getMessage() + "); " + total + " events not kept so far");
            return false;
        }
    }

    /** True when the short way took the event (or, failing, the outbox with the unconfirmed); false: use the outbox. */
    private boolean straight(DirectToHub.Unconfirmed event) {
        DirectToHub straight = direct;
        if (straight.failed()) {
            backToOutbox(STOPPED_TAKING);
            return false;
        }
        try {
            straight.send(event);
        } catch (Exception e) {
            backToOutbox(STOPPED_TAKING);   // the event is among the unconfirmed, which the outbox takes now
        }
        return true;
    }

    /** The events held for the switch go to the outbox after all, in order. */
    private synchronized void releaseHeld() {
        List<DirectToHub.Unconfirmed> waiting = held;
        held = null;
        if (waiting != null) {
            waiting.forEach(this::toOutboxOrCount);
        }
    }

    private void toOutboxOrCount(DirectToHub.Unconfirmed event) {
        try {
            toOutbox(event.json(), event.address(), event.eventId());
        } catch (ActiveMQException | RuntimeException e) {
            lastSendRefused = true;
            failed.occurred(total -> "Event outbox " + broker.dataDir() + ": cannot keep event " + event.eventId()
                    + " (" + e.getMessage() + "); " + total + " events not kept so far");
        }
    }

    private void toOutbox(String json, SimpleString address, String eventId) throws ActiveMQException {
        outboxUnanswered.incrementAndGet();
        try {
            producer.send(address, message(session, json, eventId));
        } catch (ActiveMQException | RuntimeException e) {
            outboxUnanswered.decrementAndGet();
            throw e;
        }
    }

    /** A persistent event message in the JMS TextMessage encoding, so JMS, AMQP and STOMP consumers read it as text. */
    static ClientMessage message(ClientSession session, String json, String eventId) {
        ClientMessage message = session.createMessage(Message.TEXT_TYPE, true);
        message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(json));
        message.putStringProperty(EVENT_ID, eventId);
        message.setRoutingType(RoutingType.MULTICAST);
        return message;
    }

    /**
     * Leaves the short way: what the hub did not confirm goes into the outbox first, in order, then every later event.
     * {@code why} is logged; null at a stop, which is not news.
     */
    private synchronized void backToOutbox(String why) {
        DirectToHub leaving = direct;
        if (leaving == null) {
            return;
        }
        direct = null;
        List<DirectToHub.Unconfirmed> left = leaving.closeAndTakeUnconfirmed();
        left.forEach(this::toOutboxOrCount);
        if (why != null) {
            log.notice("Events go through the outbox again (" + why + "); " + left.size()
                    + " events the hub had not confirmed were put into it");
        }
    }

    /**
     * Takes the short way once this process serves the hub and every event put into the outbox has reached it: the
     * outbox answered every send, and the hub confirmed as many as the outbox accepted (and held at start). Under a
     * steady flow of events the outbox is never empty at a given instant, so new events are held in memory (up to
     * HOLD_MAX, for at most DRAIN_WAIT) while the outbox drains; then they go the short way first, in order. Should
     * it not drain in time, they go into the outbox after all and the switch is tried again SWITCH_RETRY later.
     */
    private void takeShortWayWhenDrained() throws Exception {
        if (hub == null || !open) {
            return;
        }
        DirectToHub straight = direct;
        if (straight != null) {
            if (straight.failed() || !hub.isLive()) {
                backToOutbox(STOPPED_TAKING);
            }
            return;
        }
        if (!hub.isLive() || System.nanoTime() - nextSwitchTry < 0) {
            return;
        }
        // opened before the lock is taken; it is used only once the outbox has drained
        DirectToHub opened = DirectToHub.open(hub.server(), directConfirmed);
        try {
            synchronized (this) {
                if (!open) {
                    return;
                }
                held = new ArrayList<>();
            }
            long end = System.nanoTime() + DRAIN_WAIT.toNanos();
            while (open && held != null && !drained() && System.nanoTime() < end) {
                Thread.sleep(DRAIN_POLL_MILLIS);
            }
            synchronized (this) {
                List<DirectToHub.Unconfirmed> waiting = held;
                if (open && waiting != null && drained()) {
                    held = null;
                    direct = opened;
                    opened = null;
                    log.info("Events go straight to the hub in this process (every event in the outbox has reached"
                            + " it)");
                    for (DirectToHub.Unconfirmed event : waiting) {
                        if (direct == null || !straight(event)) {
                            toOutboxOrCount(event);
                        }
                    }
                } else {
                    releaseHeld();
                    nextSwitchTry = System.nanoTime() + SWITCH_RETRY.toNanos();
                }
            }
        } finally {
            if (opened != null) {
                opened.closeAndTakeUnconfirmed();
            }
        }
    }

    private boolean drained() {
        return outboxUnanswered.get() == 0 && sum(Queue::getMessageCount) == 0
                && sum(Queue::getMessagesAcknowledged) >= outboxRecovered + outboxAccepted.get();
    }

    /** Whether events go straight to the hub in this process now. */
    public boolean shortWay() {
        return direct != null;
    }

    /**
     * Whether an event published now would be kept: the outbox broker takes events and did not refuse the last one.
     * With the broker unreachable the outbox still keeps events, up to events.outbox_max_bytes.
     */
    public boolean acceptsEvents() {
        return open && !lastSendRefused && broker.accepting();
    }

    /** Whether the outbox has started (in the background, OutboxStart) and not stopped. */
    public boolean isOpen() {
        return open;
    }

    /** Whether the outbox's bridges are connected to the hub or to events.broker_url. */
    public boolean brokerReachable() {
        return broker.targetReachable();
    }

    /** Events in the outbox, or sent straight to the hub, that the target has not confirmed yet. */
    public long backlog() {
        DirectToHub straight = direct;
        return sum(Queue::getMessageCount) + (straight == null ? 0 : straight.unconfirmed());
    }

    /**
     * Waits, at most {@code limit}, until the target has confirmed every event; for the end of an inetd_mode process,
     * on Camel's stopping thread. An outbox slot of a later process delivers what is left (StateDirectory).
     *
     * @return whether nothing is left
     */
    public boolean awaitDelivered(java.time.Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        try {
            while (open && backlog() > 0) {
                if (System.nanoTime() - end > 0) {
                    return false;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            return false;   // the broker went away meanwhile: nothing more to wait for
        }
        return true;
    }

    /** Events the target has confirmed since start. */
    public long delivered() {
        return sum(Queue::getMessagesAcknowledged) + directConfirmed.get();
    }

    private long sum(ToLongFunction<Queue> counter) {
        long total = 0;
        for (String topic : broker.topics()) {
            Queue queue = broker.outboxQueue(topic);
            total += queue == null ? 0 : counter.applyAsLong(queue);
        }
        return total;
    }

    /** Events the outbox broker refused (full) or that could not be sent to it. */
    public long rejected() {
        return refused.count() + failed.count();
    }

    private void everySecond() {
        try {
            takeShortWayWhenDrained();
        } catch (Exception e) {
            // not an event lost (rejected() counts those): the events keep going through the outbox
            nextSwitchTry = System.nanoTime() + SWITCH_RETRY.toNanos();
            shortWayRefused.occurred(total -> "Event outbox: cannot send straight to the hub in this process (" + e
                    + "); events go through the outbox");
        }
        checkBacklog();
    }

    private void checkBacklog() {
        try {
            backlogReport.tick(backlog(), delivered(), System.currentTimeMillis());
        } catch (RuntimeException e) {
            // a broker stopping under us: the next tick reads again
        }
    }
}
