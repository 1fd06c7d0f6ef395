package org.perditioncamel.events;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * event) and reports a backlog that passes events.backlog_warn, with the delivery rate, and when it has drained.
 */
public final class EventOutbox {
    public static final String EVENT_ID = "event_id";
    private static final long REPORT_MILLIS = 60_000;
    private static final long BACKLOG_REPORT_MILLIS = 10_000;

    private final EmbeddedBroker broker;
    private final EventDocument document;
    private final Map<SessionEvent.Type, SimpleString> addresses = new EnumMap<>(SessionEvent.Type.class);
    private final String targetName;
    private final long backlogWarn;
    private final PerditionLog log;
    private final ThrottledError refused;
    private final ThrottledError failed;
    private ServerLocator locator;
    private ClientSessionFactory factory;
    private ClientSession session;
    private ClientProducer producer;
    private ScheduledExecutorService monitor;
    /** Set when the broker and this producer start in the background (OutboxStart); an early send waits for it. */
    private volatile OutboxStart start;
    private long lastDelivered = -1;
    private long lastBacklogReport = Long.MIN_VALUE;
    private boolean backlogReported;
    /** The last send the outbox answered was refused (full): it takes no events until one is accepted again. */
    private volatile boolean lastSendRefused;
    /** Between open() and close(): the producer is connected to the outbox broker. */
    private volatile boolean open;

    public EventOutbox(EmbeddedBroker broker, EventDocument document, EventsSettings settings, String targetName,
            PerditionLog log) {
        this.broker = broker;
        this.document = document;
        addresses.put(SessionEvent.Type.CONNECT, SimpleString.of(settings.topicConnect()));
        addresses.put(SessionEvent.Type.AUTH, SimpleString.of(settings.topicAuth()));
        addresses.put(SessionEvent.Type.CLOSE, SimpleString.of(settings.topicClose()));
        addresses.put(SessionEvent.Type.CLOSE_NULL, SimpleString.of(settings.topicClose()));
        this.targetName = targetName;
        this.backlogWarn = settings.backlogWarn();
        this.log = log;
        this.refused = new ThrottledError(log, REPORT_MILLIS);
        this.failed = new ThrottledError(log, REPORT_MILLIS);
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
            }

            @Override
            public void sendFailed(Message message, Exception e) {
                lastSendRefused = true;
                refused.occurred(total -> "Event outbox " + broker.dataDir() + " refused event "
                        + message.getStringProperty(EVENT_ID) + " (" + e.getMessage() + ", events.outbox_max_bytes):"
                        + " not sent; " + total + " events refused so far");
            }
        });
        producer = session.createProducer();
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perdition-events-backlog");
            t.setDaemon(true);
            return t;
        });
        monitor.scheduleWithFixedDelay(this::checkBacklog, 1, 1, TimeUnit.SECONDS);
        open = true;
    }

    /** Synchronized with send: a send in progress finishes before the session closes under it. */
    synchronized void close() throws Exception {
        open = false;
        if (monitor != null) {
            monitor.shutdownNow();
            monitor = null;
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
            ClientMessage message = session.createMessage(Message.TEXT_TYPE, true);
            // the JMS TextMessage encoding, so JMS, AMQP and STOMP consumers all read it as text
            message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(json));
            message.putStringProperty(EVENT_ID, eventId);
            message.setRoutingType(RoutingType.MULTICAST);
            producer.send(address, message);
            return true;
        } catch (ActiveMQException | RuntimeException e) {
            lastSendRefused = true;
            failed.occurred(total -> "Event outbox " + broker.dataDir() + ": cannot keep event " + eventId + " ("
                    + e.getMessage() + "); " + total + " events not kept so far");
            return false;
        }
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

    /** Events in the outbox that the target has not confirmed yet. */
    public long backlog() {
        return sum(Queue::getMessageCount);
    }

    /** Events the target has confirmed since start. */
    public long delivered() {
        return sum(Queue::getMessagesAcknowledged);
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

    private void checkBacklog() {
        try {
            long backlog = backlog();
            long delivered = delivered();
            long rate = lastDelivered < 0 ? 0 : delivered - lastDelivered;
            lastDelivered = delivered;
            long now = System.currentTimeMillis();
            if (backlog >= backlogWarn && backlogWarn > 0) {
                if (!backlogReported || now - lastBacklogReport >= BACKLOG_REPORT_MILLIS) {
                    log.notice("Event outbox backlog: " + backlog + " events waiting for " + targetName
                            + ", delivering " + rate + "/s (events.backlog_warn " + backlogWarn + ")");
                    lastBacklogReport = now;
                    backlogReported = true;
                }
            } else if (backlogReported && backlog == 0) {
                log.notice("Event outbox backlog drained: every event delivered to " + targetName);
                backlogReported = false;
            }
        } catch (RuntimeException e) {
            // a broker stopping under us: the next tick reads again
        }
    }
}
