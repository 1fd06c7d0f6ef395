package org.perditioncamel.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.log.LogPasswd;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.testing.RecordingSink;

import static org.assertj.core.api.Assertions.assertThat;

/** The sweep on a real (in-VM) broker, with a clock the test moves. */
class AbandonedSubscriptionsTest {
    private static final long TIMEOUT = 1000;
    /** An in-VM server id of its own: other tests of this JVM run in-VM brokers too. */
    private final String url = "vm://" + (1_000_000 + new java.util.Random().nextInt(1_000_000));

    private final AtomicLong clock = new AtomicLong();
    private final RecordingSink sink = new RecordingSink();
    private EmbeddedActiveMQ broker;
    private ActiveMQServer server;
    private AbandonedSubscriptions sweep;
    private Connection connection;
    private Session session;
    private Topic auth;

    @BeforeEach
    void start() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.addAcceptorConfiguration("in-vm", url);
        config.addAddressConfiguration(new CoreAddressConfiguration().setName("perdition.auth")
                .addRoutingType(RoutingType.MULTICAST));
        broker = new EmbeddedActiveMQ().setConfiguration(config).start();
        server = broker.getActiveMQServer();
        sweep = new AbandonedSubscriptions(server, List.of("perdition.auth"), TIMEOUT,
                new PerditionLog(sink, false, false, LogPasswd.NEVER), clock::get);
        connection = new ActiveMQConnectionFactory(url).createConnection();
        connection.setClientID("relay");
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        auth = session.createTopic("perdition.auth");
        connection.start();
        session.createDurableConsumer(auth, "auth").close();
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        broker.stop();
    }

    private void at(long millis) throws Exception {
        clock.set(millis);
        sweep.sweep();
    }

    private boolean subscribed() {
        return server.locateQueue("relay.auth") != null;
    }

    @Test
    void aSubscriptionWithoutAConsumerForTheTimeoutShouldGoWithOneErrLine() throws Exception {
        session.createProducer(auth).send(session.createTextMessage("{}"));
        // The broker counts a routed message on the queue's own executor, a moment after the send returns.
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> server.locateQueue("relay.auth").getMessageCount() == 1);
        at(0);
        at(TIMEOUT - 1);
        assertThat(subscribed()).isTrue();
        at(TIMEOUT);
        assertThat(subscribed()).isFalse();
        assertThat(sink.messages()).containsExactly("Events hub: removed the durable subscription relay.auth of"
                + " perdition.auth, which had no consumer for 1 s (events.subscription_timeout); events dropped with it: 1");
    }

    @Test
    void aSubscriptionWithItsConsumerShouldStay() throws Exception {
        MessageConsumer consumer = session.createDurableConsumer(auth, "auth");
        at(0);
        at(10 * TIMEOUT);
        assertThat(subscribed()).isTrue();
        consumer.close();
        at(11 * TIMEOUT - 1);
        assertThat(subscribed()).as("its count starts when the consumer is gone").isTrue();
        assertThat(sink.messages()).isEmpty();
    }

    /** A relay that comes, reads and goes between two sweeps is no abandoned one, though no sweep saw its consumer. */
    @Test
    void aConsumerThatCameAndWentBetweenTwoSweepsShouldStartTheCountAgain() throws Exception {
        at(0);
        clock.set(TIMEOUT / 2);
        session.createProducer(auth).send(session.createTextMessage("{}"));
        MessageConsumer consumer = session.createDurableConsumer(auth, "auth");
        assertThat(consumer.receive(5000)).isNotNull();
        consumer.close();
        at(TIMEOUT + 100);
        assertThat(subscribed()).isTrue();
        at(2 * TIMEOUT + 99);
        assertThat(subscribed()).isTrue();
        at(2 * TIMEOUT + 100);
        assertThat(subscribed()).isFalse();
    }
}
