package org.perditioncamel.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * An SMTP-side subscriber as docs/events.md describes it: a durable subscription to perdition.auth on the hub,
 * reconnecting by itself when the hub moves to another instance, counting Auth events by event_id (so a redelivery
 * after a crash is seen as a duplicate, not as a second login).
 */
final class EventConsumer implements AutoCloseable {
    private final ActiveMQConnectionFactory factory;
    private final String user;
    private final String password;
    private final Map<String, Integer> byId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> okByUser = new ConcurrentHashMap<>();
    private final Map<String, java.util.Set<String>> clientsByUser = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Thread thread;
    private volatile boolean running = true;

    EventConsumer(int port, String user, String password) throws JMSException {
        this.factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        this.user = user;
        this.password = password;
        // the subscription exists before the first event is published, so it misses none
        try (Connection connection = connection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createDurableConsumer(session.createTopic("perdition.auth"), "auth").close();
        }
        thread = new Thread(this::run, "event-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    private Connection connection() throws JMSException {
        Connection connection = factory.createConnection(user, password);
        connection.setClientID("smtp-relay-it");
        return connection;
    }

    private void run() {
        while (running) {
            try (Connection connection = connection()) {
                Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
                MessageConsumer consumer = session.createDurableConsumer(session.createTopic("perdition.auth"), "auth");
                connection.start();
                while (running) {
                    Message message = consumer.receive(200);
                    if (message != null) {
                        count(((TextMessage) message).getText());
                        message.acknowledge();
                    }
                }
            } catch (Exception e) {
                // the hub went away (killed, or moving): connect again, as a real consumer would
                reconnects.incrementAndGet();
                sleep();
            }
        }
    }

    private void count(String text) throws Exception {
        JsonNode event = mapper.readTree(text);
        received.incrementAndGet();
        if (byId.merge(event.get("event_id").asText(), 1, Integer::sum) == 1 && "ok".equals(event.get("status").asText())) {
            okByUser.computeIfAbsent(event.get("authentication_id").asText(), u -> new AtomicInteger()).incrementAndGet();
            clientsByUser.computeIfAbsent(event.get("authentication_id").asText(), u -> ConcurrentHashMap.newKeySet())
                    .add(event.get("client_ip").asText() + ":" + event.get("client_port").asText());
        }
    }

    /** Distinct Auth events with status ok, per user. */
    int ok(String user) {
        AtomicInteger n = okByUser.get(user);
        return n == null ? 0 : n.get();
    }

    /** client_ip:client_port of the user's Auth events with status ok. */
    java.util.Set<String> clients(String user) {
        return clientsByUser.getOrDefault(user, java.util.Set.of());
    }

    int okTotal() {
        return okByUser.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Messages received beyond the first of their event_id. */
    long duplicates() {
        return received.get() - byId.size();
    }

    long reconnects() {
        return reconnects.get();
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
