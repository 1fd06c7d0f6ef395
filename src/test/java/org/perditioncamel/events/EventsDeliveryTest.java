package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.TestEvents;

/** The real events.camel.yaml with a real embedded Artemis, consumed the way an SMTP-side subscriber would. */
class EventsDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final int port = org.perditioncamel.testing.FreePorts.one();
    private DefaultCamelContext context;
    private SessionEvents events;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void smtpConsumerShouldReceiveOneAuthAndOneCloseWithoutThePassword() throws Exception {
        start(Map.of());
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
            assertThat(authJson.get("session_id").asText()).isEqualTo("s1");
            assertThat(authJson.get("authentication_id").asText()).isEqualTo("alice");
            assertThat(authJson.get("client_ip").asText()).isEqualTo("192.0.2.10");
            assertThat(authJson.get("server").asText()).isEqualTo("127.0.0.1:110");
            assertThat(authJson.get("status").asText()).isEqualTo("ok");
            assertThat(((TextMessage) authMessage).getText()).doesNotContain("s3cr3t-pw");
            assertThat(Collections.list(authMessage.getPropertyNames())).noneMatch(n -> n.toString().startsWith("Camel"));

            JsonNode closeJson = json(close.receive(WAIT.toMillis()));
            assertThat(closeJson.get("type").asText()).isEqualTo("close");
            assertThat(closeJson.get("received").asLong()).isEqualTo(12);
            assertThat(closeJson.get("sent").asLong()).isEqualTo(27);

            assertThat(auth.receive(300)).isNull();
            assertThat(close.receive(1)).isNull();
        }
        // debug + log_passwd=always: the log line has the password, the JMS event does not
        assertThat(Files.readString(dir.resolve("perdition.log")))
                .contains("]: Connect:  192.0.2.10:40000->192.0.2.1:110\n")
                .contains(" authentication_id=\"alice\" passwd=\"s3cr3t-pw\" server=\"127.0.0.1:110\"")
                .contains("]: Closing session: 192.0.2.10:40000->192.0.2.1:110 authorisation_id=NONE "
                        + "authentication_id=\"alice\" received=12 sent=27\n");
    }

    @Test
    void thousandEventsShouldAllArriveInPublishOrder() throws Exception {
        start(Map.of());
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
        await().atMost(WAIT).until(() -> outboxFiles().isEmpty());
        assertThat(context.getRegistry().lookupByNameAndType("eventOutbox", EventOutbox.class).spooledBytes()).isZero();
    }

    @Test
    void eventsShouldWaitInTheOutboxWhileTheBrokerIsDownAndAllArriveAfterItsRestart() throws Exception {
        start(Map.of());
        try (Connection connection = consumerConnection("smtp-side")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createDurableConsumer(session.createTopic("perdition.auth"), "auth").close();
            session.createDurableConsumer(session.createTopic("perdition.close"), "close").close();
        }
        EmbeddedBroker broker = context.getRegistry().lookupByNameAndType("eventsBroker", EmbeddedBroker.class);
        broker.stop();

        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            events.publish(TestEvents.connect("s" + i));
            events.publish(TestEvents.auth("s" + i, "user" + i, "ok", null));
            events.publish(TestEvents.close("s" + i, "user" + i, i, 2L * i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

        await().atMost(WAIT).until(() -> outboxFiles().size() == 60);
        broker.start();
        await().atMost(WAIT).until(() -> outboxFiles().isEmpty());

        try (Connection connection = consumerConnection("smtp-side")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer auth = session.createDurableConsumer(session.createTopic("perdition.auth"), "auth");
            MessageConsumer close = session.createDurableConsumer(session.createTopic("perdition.close"), "close");
            connection.start();
            for (int i = 0; i < 20; i++) {
                assertThat(json(auth.receive(WAIT.toMillis())).get("authentication_id").asText()).isEqualTo("user" + i);
                JsonNode closed = json(close.receive(WAIT.toMillis()));
                assertThat(closed.get("session_id").asText()).isEqualTo("s" + i);
                assertThat(closed.get("sent").asLong()).isEqualTo(2L * i);
            }
            assertThat(auth.receive(200)).isNull();
            assertThat(close.receive(1)).isNull();
        }
    }

    @Test
    void outboxShouldKeepNoMoreThanItsBoundWhileTheBrokerIsDown() throws Exception {
        start(Map.of("events.spool_max_bytes", String.valueOf(5 * EventOutbox.BLOCK)));
        context.getRegistry().lookupByNameAndType("eventsBroker", EmbeddedBroker.class).stop();
        EventOutbox outbox = context.getRegistry().lookupByNameAndType("eventOutbox", EventOutbox.class);

        for (int i = 0; i < 8; i++) {
            events.publish(TestEvents.auth("s" + i, "user" + i, "ok", null));
        }

        await().atMost(WAIT).until(() -> outbox.rejected() == 3);
        assertThat(outboxFiles()).hasSize(5);
        String log = Files.readString(dir.resolve("perdition.log"));
        // every event still has its log line; the refusal is one ERR line
        assertThat(log.lines().filter(l -> l.contains("]: Auth: "))).hasSize(8);
        assertThat(log.lines().filter(l -> l.contains("is full"))).hasSize(1);
    }

    @Test
    void aGracefulStopShouldWriteEveryQueuedEventToTheOutbox() throws Exception {
        start(Map.of());
        context.getRegistry().lookupByNameAndType("eventsBroker", EmbeddedBroker.class).stop();

        for (int i = 0; i < 2000; i++) {
            events.publish(TestEvents.auth("s" + i, "user" + i, "ok", null));
        }
        context.stop();

        assertThat(outboxFiles()).hasSize(2000);
    }

    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> properties = new HashMap<>(Map.of(
                "events.data_dir", dir.resolve("artemis").toString(),
                "events.spool_dir", dir.resolve("outbox").toString(),
                "events.broker_port", String.valueOf(port),
                "log_facility", dir.resolve("perdition.log").toString(),
                "debug", "true",
                "log_passwd", "always"));
        properties.putAll(overrides);
        Properties override = new Properties();
        override.putAll(properties);
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(override);
        new EventsConfiguration().configure(context);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/events.camel.yaml"));
        context.start();
        events = context.getRegistry().lookupByNameAndType("sessionEvents", SessionEvents.class);
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

    private List<Path> outboxFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("outbox"))) {
            return new ArrayList<>(files.filter(f -> !f.getFileName().toString().startsWith(".")).toList());
        }
    }
}
