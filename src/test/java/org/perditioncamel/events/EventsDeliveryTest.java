package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.TestEvents;

/** The real events.camel.yaml with real Artemis brokers (outbox and hub), consumed as an SMTP-side subscriber would. */
class EventsDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final int port = FreePorts.one();
    private final int bridgePort = FreePorts.one();
    private final List<DefaultCamelContext> contexts = new ArrayList<>();

    @AfterEach
    void stop() {
        Collections.reverse(contexts);
        contexts.forEach(DefaultCamelContext::stop);
    }

    @Test
    void theSessionsAndTheEventsRouteShouldShareOneEndpointWithALingeringQueue() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of("events.queue_size", "123"));

        SedaEndpoint route = (SedaEndpoint) context.getRoute("events-publish").getEndpoint();
        // the same endpoint: a stopping route's consumers are what SessionEvents checks before it queues an event
        assertThat(context.getEndpoint(SessionEvents.endpointUri(123))).isSameAs(route);
        assertThat(route.getQueue()).isInstanceOf(LingeringQueue.class);
        assertThat(route.getSize()).isEqualTo(123);
    }

    @Test
    void smtpConsumerShouldReceiveOneAuthAndOneCloseWithoutThePassword() throws Exception {
        SessionEvents events = events(start("pop3", Map.of()));
        try (Connection connection = consumerConnection(null)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer auth = session.createConsumer(session.createTopic("perdition.auth"));
            MessageConsumer close = session.createConsumer(session.createTopic("perdition.close"));
            connection.start();

            events.publish(TestEvents.connect("s1"));
            events.publish(TestEvents.auth("s1", "alice", "ok", "s3cr3t-pw"));
            events.publish(TestEvents.close("s1", "alice", 12, 27));

            Message authMessage = auth.receive(WAIT.toMillis());
            JsonNode authJson = json(authMessage);
            assertThat(authJson.get("schema").asInt()).isEqualTo(1);
            assertThat(authJson.get("type").asText()).isEqualTo("auth");
            assertThat(authJson.get("time").asText()).isEqualTo("2026-11-25T09:03:07.123Z");
            assertThat(authJson.get("session_id").asText()).isEqualTo("s1");
            assertThat(authJson.get("authentication_id").asText()).isEqualTo("alice");
            assertThat(authJson.get("client_ip").asText()).isEqualTo("192.0.2.10");
            assertThat(authJson.get("server").asText()).isEqualTo("127.0.0.1:110");
            assertThat(authJson.get("status").asText()).isEqualTo("ok");
            assertThat(authJson.get("event_id").asText()).isNotEmpty()
                    .isEqualTo(authMessage.getStringProperty(EventOutbox.EVENT_ID));
            assertThat(((TextMessage) authMessage).getText()).doesNotContain("s3cr3t-pw");
            assertThat(Collections.list(authMessage.getPropertyNames())).noneMatch(n -> n.toString().startsWith("Camel"));

            JsonNode closeJson = json(close.receive(WAIT.toMillis()));
            assertThat(closeJson.get("type").asText()).isEqualTo("close");
            assertThat(closeJson.get("received").asLong()).isEqualTo(12);
            assertThat(closeJson.get("sent").asLong()).isEqualTo(27);
            assertThat(closeJson.get("event_id").asText()).isNotEqualTo(authJson.get("event_id").asText());

            assertThat(auth.receive(300)).isNull();
            assertThat(close.receive(1)).isNull();
        }
        // debug + log_passwd=always: the log line has the password, the JMS event does not
        assertThat(Files.readString(dir.resolve("perdition.log")))
                .contains("]: Connect:  192.0.2.10:40000->192.0.2.1:110\n")
                .contains(" authentication_id=\"alice\" passwd=\"s3cr3t-pw\" server=\"127.0.0.1:110\"")
                .contains("]: Closing session: 192.0.2.10:40000->192.0.2.1:110 authorisation_id=NONE "
                        + "authentication_id=\"alice\" received=12 sent=27\n");
        assertThat(dir.resolve("state/pop3/outbox/journal")).isDirectory();
        assertThat(dir.resolve("state/hub/journal")).isDirectory();
    }

    @Test
    void thousandEventsShouldAllArriveInPublishOrder() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of());
        SessionEvents events = events(context);
        try (Connection connection = consumerConnection(null)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer auth = session.createConsumer(session.createTopic("perdition.auth"));
            connection.start();

            for (int i = 0; i < 1000; i++) {
                events.publish(TestEvents.auth("s" + i, String.format("user%04d", i), "ok", null));
            }

            for (int i = 0; i < 1000; i++) {
                Message message = auth.receive(WAIT.toMillis());
                assertThat(message).as("event %d", i).isNotNull();
                assertThat(json(message).get("authentication_id").asText()).isEqualTo(String.format("user%04d", i));
            }
            assertThat(auth.receive(200)).isNull();
        }
        EventOutbox outbox = outbox(context);
        await().atMost(WAIT).until(() -> outbox.backlog() == 0);
        assertThat(outbox.delivered()).isEqualTo(1000);
    }

    @Test
    void eventsShouldWaitInTheOutboxWhileTheHubIsDownAndAllArriveAfterItsRestart() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of());
        SessionEvents events = events(context);
        createDurableSubscriptions();
        HubBroker hub = context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class);
        hub.stop();

        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            events.publish(TestEvents.connect("s" + i));
            events.publish(TestEvents.auth("s" + i, "user" + i, "ok", null));
            events.publish(TestEvents.close("s" + i, "user" + i, i, 2L * i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

        EventOutbox outbox = outbox(context);
        await().atMost(WAIT).until(() -> outbox.backlog() == 60);
        hub.start();
        await().atMost(WAIT).until(() -> outbox.backlog() == 0);

        receiveDurably(20);
    }

    @Test
    void whileThisProcessServesTheHubEventsShouldGoStraightToItAndThroughTheOutboxWhileItIsDown() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of());
        createDurableSubscriptions();
        EventOutbox outbox = outbox(context);
        await().atMost(WAIT).until(outbox::shortWay);
        SessionEvents events = events(context);
        EmbeddedBroker outboxBroker = context.getRegistry().lookupByNameAndType("eventsBroker", EmbeddedBroker.class);
        HubBroker hub = hub(context);

        publishSessions(events, 0, 20);
        await().atMost(WAIT).until(() -> outbox.backlog() == 0);
        assertThat(outbox.delivered()).isEqualTo(60);
        assertThat(outboxBroker.topics()).allSatisfy(topic ->
                assertThat(outboxBroker.outboxQueue(topic).getMessagesAdded()).as(topic).isZero());

        hub.stop();
        publishSessions(events, 20, 40);
        await().atMost(WAIT).until(() -> outbox.backlog() == 60 && !outbox.shortWay());
        hub.start();
        await().atMost(WAIT).until(() -> outbox.backlog() == 0);
        await().atMost(WAIT).until(outbox::shortWay);
        publishSessions(events, 40, 50);

        receiveDurably(50);
        assertThat(Files.readString(dir.resolve("perdition.log")))
                .contains("Events go straight to the hub in this process")
                .contains("Events go through the outbox again (the hub in this process stopped taking events)");
    }

    @Test
    void theSwitchToTheShortWayShouldHappenUnderASteadyFlowOfEventsAndKeepTheirOrder() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of());
        createDurableSubscriptions();
        hub(context).stop();
        SessionEvents events = events(context);
        EventOutbox outbox = outbox(context);
        AtomicInteger published = new AtomicInteger();
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            while (publishing.get()) {
                int i = published.getAndIncrement();
                events.publish(TestEvents.auth("s" + i, String.format("user%05d", i), "ok", null));
                LockSupport.parkNanos(1_000_000);
            }
        });
        publisher.start();
        try {
            await().atMost(WAIT).until(() -> published.get() > 500 && outbox.backlog() > 0);
            hub(context).start();
            await().atMost(WAIT).until(outbox::shortWay);
            int atSwitch = published.get();
            await().atMost(WAIT).until(() -> published.get() > atSwitch + 500);
        } finally {
            publishing.set(false);
            publisher.join();
        }
        List<String> users = durableAuthUsers(published.get());
        for (int i = 0; i < users.size(); i++) {
            assertThat(users.get(i)).as("event %d", i).isEqualTo(String.format("user%05d", i));
        }
        await().atMost(WAIT).until(() -> outbox.backlog() == 0);
    }

    private static void publishSessions(SessionEvents events, int from, int to) {
        for (int i = from; i < to; i++) {
            events.publish(TestEvents.connect("s" + i));
            events.publish(TestEvents.auth("s" + i, "user" + i, "ok", null));
            events.publish(TestEvents.close("s" + i, "user" + i, i, 2L * i));
        }
    }

    @Test
    void aGrowingBacklogShouldBeReportedWithTheRateAndAgainWhenItHasDrained() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of("events.backlog_warn", "50"));
        HubBroker hub = context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class);
        hub.stop();
        SessionEvents events = events(context);
        for (int i = 0; i < 100; i++) {
            events.publish(TestEvents.auth("s" + i, "user" + i, "ok", null));
        }
        Path log = dir.resolve("perdition.log");
        await().atMost(WAIT).until(() -> Files.readString(log).contains("Event outbox backlog: 100 events waiting for"
                + " the hub 127.0.0.1:" + bridgePort + ", delivering 0/s (events.backlog_warn 50)"));
        hub.start();
        await().atMost(WAIT).until(() -> Files.readString(log)
                .contains("Event outbox backlog drained: every event delivered to the hub"));
    }

    @Test
    void queuedAndUndeliveredEventsShouldSurviveAGracefulStop() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of());
        createDurableSubscriptions();
        context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class).stop();
        SessionEvents events = events(context);
        for (int i = 0; i < 2000; i++) {
            events.publish(TestEvents.auth("s" + i, "user" + i, "ok", null));
        }
        context.stop();
        contexts.remove(context);

        start("pop3", Map.of());
        Set<String> ids = new HashSet<>();
        try (Connection connection = consumerConnection("smtp-side")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer auth = session.createDurableConsumer(session.createTopic("perdition.auth"), "auth");
            connection.start();
            for (int i = 0; i < 2000; i++) {
                Message message = auth.receive(WAIT.toMillis());
                assertThat(message).as("event %d", i).isNotNull();
                ids.add(message.getStringProperty(EventOutbox.EVENT_ID));
            }
            assertThat(auth.receive(500)).isNull();
        }
        assertThat(ids).hasSize(2000);
    }

    @Test
    void aSecondInstanceShouldStandByAndTakeTheHubOverWhenTheFirstStops() throws Exception {
        DefaultCamelContext first = start("pop3", Map.of());
        DefaultCamelContext second = start("imap4", Map.of());
        HubBroker standby = second.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class);
        assertThat(first.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class).isLive()).isTrue();
        assertThat(standby.isLive()).isFalse();
        createDurableSubscriptions();

        events(second).publish(TestEvents.auth("a", "via-first-hub", "ok", null));
        await().atMost(WAIT).until(() -> outbox(second).delivered() == 1);
        first.stop();
        contexts.remove(first);
        await().atMost(WAIT).until(standby::isLive);
        events(second).publish(TestEvents.auth("b", "via-second-hub", "ok", null));

        assertThat(durableAuthUsers(2)).containsExactly("via-first-hub", "via-second-hub");
        assertThat(Files.readString(dir.resolve("perdition.log"))).contains("stands by to take over")
                .contains("Events hub: serving tcp://127.0.0.1:" + port);
    }

    /**
     * Artemis stops a broker by itself on a critical error (a journal I/O error): the instance that served it gives the
     * hub up, and it is served again (by the standby or by itself), where it kept the lock and every event waited.
     */
    @Test
    void aHubBrokerThatStopsByItselfShouldBeServedAgain() throws Exception {
        DefaultCamelContext first = start("pop3", Map.of());
        DefaultCamelContext second = start("imap4", Map.of());
        HubBroker live = hub(first);
        HubBroker standby = hub(second);
        assertThat(live.isLive()).isTrue();
        createDurableSubscriptions();

        live.server().stop();   // as Artemis's critical error listener does
        assertThat(live.isLive()).isFalse();
        await().atMost(WAIT).until(() -> live.isLive() || standby.isLive());
        events(second).publish(TestEvents.auth("a", "after-the-hub-died", "ok", null));

        assertThat(durableAuthUsers(1)).containsExactly("after-the-hub-died");
        assertThat(Files.readString(dir.resolve("perdition.log")))
                .contains("Events hub: its broker stopped by itself");
    }

    /** The end of an inetd_mode process waits, bounded, for its events to leave (EventsConfiguration). */
    @Test
    void awaitDeliveredShouldWaitForTheHubAndGiveUpWithoutIt() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of());
        createDurableSubscriptions();
        EventOutbox outbox = outbox(context);
        hub(context).stop();
        events(context).publish(TestEvents.auth("a", "waits-for-the-hub", "ok", null));
        await().atMost(WAIT).until(() -> outbox.backlog() == 1);
        long start = System.nanoTime();
        assertThat(outbox.awaitDelivered(java.time.Duration.ofMillis(300))).isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(300L, 5_000L);
        hub(context).start();
        assertThat(outbox.awaitDelivered(WAIT)).isTrue();
        assertThat(outbox.backlog()).isZero();
    }

    @Test
    void withABrokerUrlTheBridgesShouldForwardThereAndNoHubShouldRun() throws Exception {
        start("pop3", Map.of());   // plays the operator's own broker: its hub, reached by URL below
        String secret = Files.readString(dir.resolve("state/" + StateDirectory.SECRET_FILE)).trim();
        DefaultCamelContext remote = start("elsewhere", Map.of(
                "state_directory", dir.resolve("other-host").toString(),
                "events.broker_url", "(tcp://127.0.0.1:" + bridgePort + ")?tcpNoDelay=true&"
                        + HubIdentity.clientOptions(dir.resolve("state/" + HubIdentity.TRUST_FILE)),
                "events.bridge_user", EventsSecurity.BRIDGE_USER, "events.bridge_password", secret));
        assertThat(remote.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class)).isNull();
        createDurableSubscriptions();

        events(remote).publish(TestEvents.auth("r1", "from-elsewhere", "ok", null));

        assertThat(durableAuthUsers(1)).containsExactly("from-elsewhere");
        assertThat(EventsConfiguration.brokerUrls("(tcp://a:1,tcp://b:2)?ha=true"))
                .containsExactly("tcp://a:1?ha=true", "tcp://b:2?ha=true");
        assertThat(EventsConfiguration.brokerUrls("tcp://a:1")).containsExactly("tcp://a:1");
    }

    @Test
    void twoInstancesWithOneNameShouldNotShareAStateDirectory() throws Exception {
        start("pop3", Map.of());

        assertThatThrownBy(() -> start("pop3", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state directory " + dir.resolve("state/pop3"))
                .hasMessageContaining("in use by another perdition-camel instance");
    }

    @Test
    void theHubShouldRequireTheConsumerPasswordAndLetNoConsumerPublish() throws Exception {
        start("pop3", Map.of("events.consumer_user", "smtp", "events.consumer_password", "pw-1",
                "events.anonymous_loopback", "false"));
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);

        assertThatThrownBy(() -> factory.createConnection().close()).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> factory.createConnection("smtp", "wrong").close()).isInstanceOf(JMSSecurityException.class);
        try (Connection connection = factory.createConnection("smtp", "pw-1")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createTopic("perdition.auth")).close();
            assertThatThrownBy(() -> session.createProducer(session.createTopic("perdition.auth"))
                    .send(session.createTextMessage("{}"))).isInstanceOf(JMSException.class);
        }
    }

    @Test
    void nobodyShouldPublishOnTheHubWithArtemisDefaultClusterLoginOrTheBridgeSecretInTheClear() throws Exception {
        start("pop3", Map.of());
        String secret = Files.readString(dir.resolve("state/" + StateDirectory.SECRET_FILE)).trim();
        ActiveMQConnectionFactory plain = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        // Artemis's cluster user skips every security check, and its default password is in its documentation
        assertThatThrownBy(() -> plain.createConnection("ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!").close())
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> plain.createConnection(EventsSecurity.BRIDGE_USER, secret).close())
                .isInstanceOf(JMSSecurityException.class);
        // the same secret over TLS is a bridge's login, which may publish
        ActiveMQConnectionFactory tls = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + bridgePort + "?"
                + HubIdentity.clientOptions(dir.resolve("state/" + HubIdentity.TRUST_FILE)));
        try (Connection bridge = tls.createConnection(EventsSecurity.BRIDGE_USER, secret)) {
            Session session = bridge.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createTopic("perdition.auth")).send(session.createTextMessage("{}"));
        }
    }

    /** An abandoned durable subscription would keep the hub's pages on disk for ever; one with a consumer stays. */
    @Test
    void aDurableSubscriptionWithoutAConsumerForSubscriptionTimeoutShouldBeRemovedAndSaySo() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of("events.subscription_timeout", "1"));
        createDurableSubscriptions();   // smtp-side.auth and smtp-side.close, their consumer gone
        try (Connection connection = consumerConnection("still-here")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer kept = session.createDurableConsumer(session.createTopic("perdition.auth"), "auth");
            connection.start();
            events(context).publish(TestEvents.auth("t1", "someone", "ok", null));
            assertThat(kept.receive(WAIT.toMillis())).isNotNull();
            var server = hub(context).server();
            await().atMost(WAIT).until(() -> server.locateQueue("smtp-side.auth") == null
                    && server.locateQueue("smtp-side.close") == null);
            // well past the timeout: the subscription with its consumer is still there
            Thread.sleep(1500);
            assertThat(server.locateQueue("still-here.auth")).isNotNull();
            assertThat(Files.readString(dir.resolve("perdition.log")).lines()
                    .filter(l -> l.contains("Events hub: removed the durable subscription smtp-side.auth of perdition.auth,"
                            + " which had no consumer for 1 s (events.subscription_timeout); events dropped with it: 1")))
                    .hasSize(1);
        }
    }

    /**
     * A consumer that cannot apply an event (the policy consumer's journal on a full disk) gets it again later, not at
     * once: ten immediate redeliveries sent it to perdition.dead within milliseconds.
     */
    @Test
    void anEventAConsumerDidNotAcknowledgeShouldComeBackAfterTheRedeliveryDelay() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of());
        try (Connection connection = consumerConnection("slow-disk")) {
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer auth = session.createDurableConsumer(session.createTopic("perdition.auth"), "auth");
            connection.start();
            events(context).publish(TestEvents.auth("t1", "someone", "ok", null));
            assertThat(auth.receive(WAIT.toMillis())).isNotNull();
            long refused = System.nanoTime();
            session.recover();   // not applied: as Spring's listener does when the route throws
            Message again = auth.receive(WAIT.toMillis());
            long waitedMillis = (System.nanoTime() - refused) / 1_000_000;
            assertThat(again).isNotNull();
            assertThat(again.getJMSRedelivered()).isTrue();
            assertThat(waitedMillis).as("ms until the redelivery").isGreaterThanOrEqualTo(HubBroker.REDELIVERY_DELAY_MILLIS - 50);
            again.acknowledge();
        }
    }

    @Test
    void aSubscriptionTimeoutOfZeroShouldKeepEverySubscription() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of("events.subscription_timeout", "0"));
        createDurableSubscriptions();
        Thread.sleep(1500);
        assertThat(hub(context).server().locateQueue("smtp-side.auth")).isNotNull();
        assertThat(durableAuthUsers(0)).isEmpty();
    }

    @Test
    void aFullOutboxShouldRefuseEventsAndSaySo() throws Exception {
        DefaultCamelContext context = start("pop3", Map.of("events.outbox_max_bytes", "200000"));
        context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class).stop();
        SessionEvents events = events(context);
        for (int i = 0; i < 3000; i++) {
            events.publish(TestEvents.auth("s" + i, "user" + i, "ok", null));
        }
        EventOutbox outbox = outbox(context);
        await().atMost(WAIT).until(() -> outbox.rejected() > 0);
        String log = Files.readString(dir.resolve("perdition.log"));
        // every event still has its log line; the refusal is one ERR line, however many were refused
        await().atMost(WAIT).until(() -> Files.readString(dir.resolve("perdition.log"))
                .lines().filter(l -> l.contains("]: Auth: ")).count() == 3000);
        assertThat(log.lines().filter(l -> l.contains("refused event"))).hasSize(1);
    }

    @Test
    void aHubPortTakenByAnotherProgramShouldCostOneLineAndNeitherTheStartNorTheEvents() throws Exception {
        DefaultCamelContext context;
        // the program on the port is a broker that answers the core handshake and keeps the passwords it is given
        List<String> passwords = new java.util.concurrent.CopyOnWriteArrayList<>();
        EmbeddedActiveMQ squatter = new EmbeddedActiveMQ();
        squatter.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(true)
                .setJournalDirectory(dir.resolve("squatter").toString())
                .addAcceptorConfiguration("squatter", "tcp://127.0.0.1:" + port));
        squatter.setSecurityManager(new ActiveMQSecurityManager() {
            @Override
            public boolean validateUser(String user, String password) {
                passwords.add(String.valueOf(password));
                return false;
            }

            @Override
            public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
                passwords.add(String.valueOf(password));
                return false;
            }
        });
        squatter.start();
        try {
            context = startContext("pop3", Map.of());
            contexts.add(context);
            Path log = dir.resolve("perdition.log");
            await().atMost(WAIT).until(() -> Files.readString(log).contains("Events hub: tcp://127.0.0.1:" + port
                    + " is in use by another program (events.broker_port); trying again every 5 s"));
            events(context).publish(TestEvents.auth("s1", "early", "ok", null));
            await().atMost(WAIT).until(() -> outbox(context).backlog() == 1);
            assertThat(context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class).isLive()).isFalse();
            Thread.sleep(3000);   // time for a bridge that would come here
        } finally {
            squatter.stop();
        }
        // the consumers' port is not the bridges': whoever holds it never gets their secret
        String secret = Files.readString(dir.resolve("state/" + StateDirectory.SECRET_FILE)).trim();
        assertThat(passwords).doesNotContain(secret);
        // the port is free again: the hub starts at the next try and the waiting event leaves the outbox
        assertThat(context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class).awaitLive(20_000)).isTrue();
        await().atMost(WAIT).until(() -> outbox(context).backlog() == 0);
        assertThat(Files.readString(dir.resolve("perdition.log")).lines().filter(l -> l.contains("in use by another program")))
                .hasSize(1);
    }

    @Test
    void aProgramOnTheBridgePortShouldGetNoSecretAndNoEvent() throws Exception {
        // the squatter presents a certificate of its own, as a local user who took the port first would
        HubIdentity other = HubIdentity.open(Files.createDirectories(dir.resolve("squatter")), "another-secret-0123");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(other.keyStore())) {
            store.load(in, "another-secret-0123".toCharArray());
        }
        keys.init(store, "another-secret-0123".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        AtomicInteger handshakes = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        DefaultCamelContext context;
        try (SSLServerSocket squatter = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(bridgePort, 50, InetAddress.getLoopbackAddress())) {
            Thread accepting = new Thread(() -> {
                while (!squatter.isClosed()) {
                    try (SSLSocket client = (SSLSocket) squatter.accept()) {
                        client.setSoTimeout(5000);
                        client.startHandshake();
                        handshakes.incrementAndGet();
                        client.getInputStream().read();   // the bridge's login would come here, with the secret
                    } catch (javax.net.ssl.SSLException refused) {
                        refusals.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        // the squatter's end
                    }
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            context = startContext("pop3", Map.of());
            contexts.add(context);
            events(context).publish(TestEvents.auth("s1", "while-squatted", "ok", null));
            await().atMost(WAIT).until(() -> refusals.get() > 0);
            await().atMost(WAIT).until(() -> Files.readString(dir.resolve("perdition.log"))
                    .contains("127.0.0.1:" + bridgePort + " is in use by another program (events.bridge_port)"));
            // the backlog is read from the outbox's counters once a second
            await().atMost(WAIT).until(() -> outbox(context).backlog() == 1);
            assertThat(handshakes.get()).isZero();
        }
        // the squatter gone, the hub takes the port and the event that waited is delivered
        assertThat(hub(context).awaitLive(20_000)).isTrue();
        await().atMost(WAIT).until(() -> outbox(context).backlog() == 0);
    }

    @Test
    void aStateDirectoryWithSpacesAndPercentSignsShouldStillCarryEventsOverTheBridge() throws Exception {
        // the key and trust stores' paths go into Artemis URLs, which it reads with URLDecoder
        String state = dir.resolve("state dir+1%41").toString();
        start("pop3", Map.of("state_directory", state));
        DefaultCamelContext second = start("imap", Map.of("state_directory", state));
        createDurableSubscriptions();

        events(second).publish(TestEvents.auth("t1", "through-an-odd-path", "ok", null));

        assertThat(durableAuthUsers(1)).containsExactly("through-an-odd-path");
        // and a JMS client with that trust store in its URL, as the policy consumer's default
        try (Connection consumer = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + bridgePort + "?"
                + HubIdentity.clientOptions(Path.of(state, HubIdentity.TRUST_FILE))).createConnection()) {
            consumer.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
        }
    }

    @Test
    void bridgesOfOtherInstancesShouldReachTheHubOverTls() throws Exception {
        start("pop3", Map.of());
        DefaultCamelContext second = start("imap", Map.of());
        createDurableSubscriptions();

        events(second).publish(TestEvents.auth("t1", "through-the-bridge", "ok", null));

        assertThat(durableAuthUsers(1)).containsExactly("through-the-bridge");
        assertThat(Files.readString(dir.resolve("perdition.log")))
                .contains("and, with TLS, 127.0.0.1:" + bridgePort);
        // consumers of other programs pin the same certificate the hub presents
        String pem = Files.readString(dir.resolve("state/" + HubIdentity.CERTIFICATE_FILE));
        X509Certificate pinned = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        SSLContext trusting = SSLContext.getInstance("TLS");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hub", pinned);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        trusting.init(null, trustManagers.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", bridgePort)) {
            socket.startHandshake();
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(pinned);
        }
    }

    private DefaultCamelContext start(String instance, Map<String, String> overrides) throws Exception {
        DefaultCamelContext context = startContext(instance, overrides);
        if (contexts.isEmpty()) {
            // the first instance takes the hub, in the background: wait, so it is the first for certain
            assertThat(context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class).awaitLive(20_000)).isTrue();
        }
        contexts.add(context);
        return context;
    }

    private DefaultCamelContext startContext(String instance, Map<String, String> overrides) throws Exception {
        Map<String, String> properties = new HashMap<>(Map.of(
                "state_directory", dir.resolve("state").toString(),
                "instance_name", instance,
                "events.broker_port", String.valueOf(port),
                "events.bridge_port", String.valueOf(bridgePort),
                "log_facility", dir.resolve("perdition.log").toString(),
                "debug", "true",
                "log_passwd", "always"));
        properties.putAll(overrides);
        Properties override = new Properties();
        override.putAll(properties);
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(override);
        try {
            new EventsConfiguration().configure(context);
        } catch (Exception | Error e) {
            context.stop();
            throw e;
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/events.camel.yaml"));
        context.start();
        return context;
    }

    private static SessionEvents events(DefaultCamelContext context) {
        return context.getRegistry().lookupByNameAndType("sessionEvents", SessionEvents.class);
    }

    private static HubBroker hub(DefaultCamelContext context) {
        return context.getRegistry().lookupByNameAndType("eventsHub", HubBroker.class);
    }

    private static EventOutbox outbox(DefaultCamelContext context) {
        return context.getRegistry().lookupByNameAndType("eventOutbox", EventOutbox.class);
    }

    private void createDurableSubscriptions() throws Exception {
        try (Connection connection = consumerConnection("smtp-side")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createDurableConsumer(session.createTopic("perdition.auth"), "auth").close();
            session.createDurableConsumer(session.createTopic("perdition.close"), "close").close();
        }
    }

    /** The authentication_id of the next {@code count} events on the durable Auth subscription. */
    private List<String> durableAuthUsers(int count) throws Exception {
        List<String> users = new ArrayList<>();
        try (Connection connection = consumerConnection("smtp-side")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer auth = session.createDurableConsumer(session.createTopic("perdition.auth"), "auth");
            connection.start();
            for (int i = 0; i < count; i++) {
                users.add(json(auth.receive(WAIT.toMillis())).get("authentication_id").asText());
            }
        }
        return users;
    }

    private void receiveDurably(int sessions) throws Exception {
        try (Connection connection = consumerConnection("smtp-side")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer auth = session.createDurableConsumer(session.createTopic("perdition.auth"), "auth");
            MessageConsumer close = session.createDurableConsumer(session.createTopic("perdition.close"), "close");
            connection.start();
            for (int i = 0; i < sessions; i++) {
                assertThat(json(auth.receive(WAIT.toMillis())).get("authentication_id").asText()).isEqualTo("user" + i);
                JsonNode closed = json(close.receive(WAIT.toMillis()));
                assertThat(closed.get("session_id").asText()).isEqualTo("s" + i);
                assertThat(closed.get("sent").asLong()).isEqualTo(2L * i);
            }
            assertThat(auth.receive(200)).isNull();
            assertThat(close.receive(1)).isNull();
        }
    }

    private Connection consumerConnection(String clientId) throws Exception {
        Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port).createConnection();
        if (clientId != null) {
            connection.setClientID(clientId);
        }
        return connection;
    }

    private JsonNode json(Message message) throws Exception {
        assertThat(message).isInstanceOf(TextMessage.class);
        return mapper.readTree(((TextMessage) message).getText());
    }
}
