package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.log.PerditionLogFormat;
import org.perditioncamel.testing.TestEvents;

class EventDocumentTest {
    private final EventDocument document = new EventDocument();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void authDocumentShouldCarryEveryFieldOfSchemaOne() throws Exception {
        SessionEvent event = new SessionEvent(SessionEvent.Type.AUTH, TestEvents.TIME, "k3-m9", Protocol.MANAGESIEVE,
                new InetSocketAddress(InetAddress.getByName("2001:db8::10"), 40000),
                new InetSocketAddress("192.0.2.1", 4190), "starttls", "bob", "alice", "[::1]:4190", "plaintext",
                "ok", 0, 0, Optional.empty());

        JsonNode json = mapper.readTree(document.toJson(event));

        assertThat(json.get("schema").asInt()).isEqualTo(SessionEvent.SCHEMA_VERSION).isEqualTo(1);
        assertThat(json.get("type").asText()).isEqualTo("auth");
        assertThat(json.get("time").asText()).isEqualTo("2026-11-25T09:03:07.123Z");
        assertThat(json.get("session_id").asText()).isEqualTo("k3-m9");
        assertThat(json.get("protocol").asText()).isEqualTo("MANAGESIEVE");
        assertThat(json.get("client_ip").asText()).isEqualTo("2001:db8::10");
        assertThat(json.get("client_port").asInt()).isEqualTo(40000);
        assertThat(json.get("local_ip").asText()).isEqualTo("192.0.2.1");
        assertThat(json.get("local_port").asInt()).isEqualTo(4190);
        assertThat(json.get("client_secure").asText()).isEqualTo("starttls");
        assertThat(json.get("authorisation_id").asText()).isEqualTo("bob");
        assertThat(json.get("authentication_id").asText()).isEqualTo("alice");
        assertThat(json.get("server").asText()).isEqualTo("[::1]:4190");
        assertThat(json.get("server_secure").asText()).isEqualTo("plaintext");
        assertThat(json.get("status").asText()).isEqualTo("ok");
        assertThat(json.get("received").asLong()).isZero();
        assertThat(json.get("sent").asLong()).isZero();
    }

    @Test
    void everyTypeShouldHaveTheSameFieldsInTheSameOrder() throws Exception {
        JsonNode connect = mapper.readTree(document.toJson(TestEvents.connect("s1")));
        JsonNode close = mapper.readTree(document.toJson(TestEvents.close("s1", "alice", 12, 27)));
        JsonNode closeNull = mapper.readTree(document.toJson(TestEvents.closeNull("s1")));

        assertThat(connect.fieldNames()).toIterable().containsExactly("schema", "event_id", "type", "time", "session_id",
                "protocol", "client_ip", "client_port", "local_ip", "local_port", "client_secure", "authorisation_id",
                "authentication_id", "server", "server_secure", "status", "received", "sent");
        assertThat(close.fieldNames()).toIterable().containsExactlyElementsOf(() -> connect.fieldNames());
        assertThat(connect.get("authentication_id").isNull()).isTrue();
        assertThat(close.get("type").asText()).isEqualTo("close");
        assertThat(close.get("received").asLong()).isEqualTo(12);
        assertThat(close.get("sent").asLong()).isEqualTo(27);
        assertThat(closeNull.get("type").asText()).isEqualTo("close_null");
    }

    @Test
    void timeShouldAlwaysHaveMillisecondsAndEveryEventItsOwnId() throws Exception {
        SessionEvent onTheSecond = new SessionEvent(SessionEvent.Type.CONNECT, Instant.parse("2026-11-25T09:03:07Z"),
                "s1", Protocol.POP3, null, null, "plaintext", null, null, null, null, null, 0, 0, Optional.empty());
        SessionEvent withNanos = new SessionEvent(SessionEvent.Type.CONNECT,
                Instant.parse("2026-11-25T09:03:07.123456789Z"), "s1", Protocol.POP3, null, null, "plaintext", null,
                null, null, null, null, 0, 0, Optional.empty());

        JsonNode first = mapper.readTree(document.toJson(onTheSecond));
        JsonNode second = mapper.readTree(document.toJson(withNanos));

        assertThat(first.get("time").asText()).isEqualTo("2026-11-25T09:03:07.000Z");
        assertThat(second.get("time").asText()).isEqualTo("2026-11-25T09:03:07.123Z");
        assertThat(first.get("event_id").asText()).matches("[0-9a-f]{16}-\\d+")
                .isNotEqualTo(second.get("event_id").asText());
        assertThat(new EventDocument().nextId()).isNotEqualTo(new EventDocument().nextId());
    }

    @Test
    void documentShouldNeverContainThePasswordEvenWhenTheLogMayShowIt() {
        SessionEvent event = TestEvents.auth("s1", "alice", "ok", "s3cr3t-pw");

        String json = document.toJson(event);

        assertThat(json).doesNotContain("s3cr3t-pw").doesNotContain("passw");
        assertThat(PerditionLogFormat.render(event, true)).contains("s3cr3t-pw");
    }
    /** Each thread reuses its writer and generator: one whole document per call, even after a call that failed. */
    @Test
    void consecutiveDocumentsShouldEachBeOneObjectEvenAfterAFailedOne() throws Exception {
        String first = document.toJson(TestEvents.connect("s1"));
        SessionEvent broken = new SessionEvent(null, TestEvents.TIME, "s2", Protocol.POP3, TestEvents.CLIENT,
                TestEvents.LOCAL, "plaintext", null, null, null, null, null, 0, 0, Optional.empty());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> document.toJson(broken))
                .isInstanceOf(NullPointerException.class);
        String second = document.toJson(TestEvents.close("s3", "alice", 1, 2));

        for (String json : new String[] {first, second}) {
            assertThat(json).startsWith("{\"schema\":1,").endsWith("}").doesNotContain("}{").doesNotContain("} ");
            assertThat(mapper.readTree(json).size()).isEqualTo(18);
        }
        assertThat(mapper.readTree(second).get("session_id").asText()).isEqualTo("s3");
    }
}
