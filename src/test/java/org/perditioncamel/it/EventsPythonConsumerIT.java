package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.RunningProxy;

/** Any language can subscribe: Python over STOMP (python3-stomp) and AMQP 1.0 (python3-qpid-proton) gets an Auth event. */
class EventsPythonConsumerIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    /** Debian's python3-stomp and python3-qpid-proton are /usr/bin/python3's; a pyenv python3 first on PATH lacks them. */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @ParameterizedTest
    @ValueSource(strings = {"stomp", "amqp"})
    void aPythonConsumerShouldReceiveTheAuthEvent(String protocol) throws Exception {
        int hub = FreePorts.one();
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", DOVECOT.host(),
                "outgoing_port", String.valueOf(DOVECOT.pop3Port()),
                "events.broker_port", String.valueOf(hub),
                "events.consumer_user", "smtp", "events.consumer_password", "consumer-pw"))) {
            Process python = new ProcessBuilder(List.of(PYTHON, "src/test/resources/it/events_consumer.py", protocol,
                    String.valueOf(hub), "smtp", "consumer-pw")).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String first = out.readLine();
                if (!"SUBSCRIBED".equals(first)) {
                    throw new AssertionError("python did not subscribe: " + first + "\n" + new String(
                            python.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                }
                assertThat(EventLogins.login("pop3", proxy.port(), "alice", "secret")).isTrue();
                String body = out.readLine();
                assertThat(body).as("python's event").isNotNull().isNotEqualTo("NONE");
                JsonNode event = new ObjectMapper().readTree(body);
                assertThat(event.get("type").asText()).isEqualTo("auth");
                assertThat(event.get("authentication_id").asText()).isEqualTo("alice");
                assertThat(event.get("status").asText()).isEqualTo("ok");
                assertThat(event.get("event_id").asText()).isNotEmpty();
            } finally {
                if (!python.waitFor(10, TimeUnit.SECONDS)) {
                    python.destroyForcibly();
                }
            }
        }
    }
}
