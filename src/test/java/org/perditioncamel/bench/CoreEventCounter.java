package org.perditioncamel.bench;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;

/**
 * A consumer of the proxy's event hub over Artemis' core protocol, anonymous from loopback as docs/events.md allows:
 * one temporary multicast queue per topic, pre-acknowledged (the hub acknowledges as it sends), a message handler
 * that only counts. Its messages arrive on the client's own threads.
 */
final class CoreEventCounter extends SubscribedEventCounter {
    private static final List<String> TOPICS = List.of("perdition.connect", "perdition.auth", "perdition.close");

    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final ClientSession session;

    private CoreEventCounter(ServerLocator locator, ClientSessionFactory factory, ClientSession session) {
        this.locator = locator;
        this.factory = factory;
        this.session = session;
    }

    static CoreEventCounter open(String host, int port) throws IOException {
        ServerLocator locator;
        try {
            locator = ActiveMQClient.createServerLocator("tcp://" + host + ":" + port);
        } catch (Exception e) {
            throw new IOException("bench: no event hub address tcp://" + host + ":" + port + ": " + e, e);
        }
        try {
            ClientSessionFactory factory = locator.createSessionFactory();
            // no user (anonymous loopback), not XA, auto-commit sends and acks, pre-acknowledge
            ClientSession session = factory.createSession(null, null, false, true, true, true, 0);
            CoreEventCounter counter = new CoreEventCounter(locator, factory, session);
            for (String topic : TOPICS) {
                String queue = "bench." + topic + "." + UUID.randomUUID();
                session.createQueue(QueueConfiguration.of(queue).setAddress(topic).setRoutingType(RoutingType.MULTICAST)
                        .setDurable(false).setTemporary(true));
                ClientConsumer consumer = session.createConsumer(queue);
                consumer.setMessageHandler(message -> counter.messages.incrementAndGet());
            }
            session.start();
            counter.connected = true;
            return counter;
        } catch (Exception e) {
            locator.close();
            throw new IOException("bench: the event hub refused the core subscription: " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } catch (ActiveMQException e) {
            // the hub is gone already; closing the factory is all that is left
        } finally {
            factory.close();
            locator.close();
        }
    }
}
