package org.perditioncamel.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.RunningProxy;

import static org.assertj.core.api.Assertions.assertThat;
import org.perditioncamel.testing.LineClient;

/** An SMTP-side consumer subscribed to the proxy's broker sees one Auth and one Close per session, no password. */
class Pop3EventsTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("dave@example.org", "dave", "dave-pw-123"));

    @Test
    void eachSessionShouldPublishOneAuthAndOneCloseWithoutThePassword() throws Exception {
        int brokerPort = RunningProxy.freePort();
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:" + backend.getPop3().getPort(),
                "events.broker_port", Integer.toString(brokerPort), "debug", "true", "log_passwd", "always"));
             Connection jms = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort).createConnection()) {
            Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer auth = s.createConsumer(s.createTopic("perdition.auth"));
            MessageConsumer close = s.createConsumer(s.createTopic("perdition.close"));
            jms.start();

            int clientPort;
            try (LineClient c = new LineClient(proxy.port())) {
                clientPort = c.socket().getLocalPort();
                c.readLine();
                c.send("USER dave").readLine();
                assertThat(c.send("PASS wrong").readLine()).startsWith("-ERR failed");
                c.send("USER dave").readLine();
                assertThat(c.send("PASS dave-pw-123").readLine()).isEqualTo("+OK You are so in");
                assertThat(c.send("STAT").readLine()).startsWith("+OK");
                c.send("QUIT").readLine();
                c.closedByServer();
            }
            List<JsonNode> auths = receive(auth, 2);
            List<JsonNode> closes = new ArrayList<>();
            for (JsonNode e = receiveOne(close, 15_000); e != null; e = receiveOne(close, 1000)) {
                if (!e.get("type").asText().equals("close_null")) {   // the start-up port probe never logged in
                    closes.add(e);
                }
            }
            assertThat(closes).hasSize(1);   // exactly one Close for the session
            assertThat(auths).extracting(n -> n.get("status").asText()).containsExactly("failed: Re-Authentication Failure", "ok");
            JsonNode ok = auths.get(1);
            assertThat(ok.get("schema").asInt()).isEqualTo(1);
            assertThat(ok.get("protocol").asText()).isEqualTo("POP3");
            assertThat(ok.get("authentication_id").asText()).isEqualTo("dave");
            assertThat(ok.get("server").asText()).isEqualTo("127.0.0.1:" + backend.getPop3().getPort());
            assertThat(ok.toString()).contains(Integer.toString(clientPort)).doesNotContain("dave-pw-123").doesNotContain("wrong");
            JsonNode closed = closes.get(0);
            assertThat(closed.get("type").asText()).isEqualTo("close");
            assertThat(closed.get("received").asLong()).isEqualTo("STAT\r\nQUIT\r\n".length());
            assertThat(closed.get("sent").asLong()).isPositive();
        }
    }

    private static List<JsonNode> receive(MessageConsumer consumer, int n) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode m = receiveOne(consumer, 15_000);
            assertThat(m).as("event %d of %d", i + 1, n).isNotNull();
            out.add(m);
        }
        return out;
    }

    private static JsonNode receiveOne(MessageConsumer consumer, long millis) throws Exception {
        Message m = consumer.receive(millis);
        return m == null ? null : new ObjectMapper().readTree(((TextMessage) m).getText());
    }
}
