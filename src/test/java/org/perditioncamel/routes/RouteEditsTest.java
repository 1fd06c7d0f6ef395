package org.perditioncamel.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/** The edits of docs/routes.md, as written there, applied to a copy of the routes: each one changes a real login. */
class RouteEditsTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.POP3}))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));
    @RegisterExtension
    static GreenMailExtension staff = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.POP3}))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig()
                    .withUser("dave@staff.example.org", "dave@staff.example.org", "secret"));

    @Test
    void aLookupSourceBeforeTheDefaultServerShouldSendItsUsersElsewhere() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        String edit = RouteFiles.documentedEdit("Add a lookup source before the default server")
                .replace("staff-mail.example.org:110", "127.0.0.1:" + staff.getPop3().getPort());
        routes.write("popmap.camel.yaml", routes.withStepBefore("popmap.camel.yaml", "outgoing-server-fallback", edit));
        try (RunningProxy proxy = start(routes)) {
            assertThat(login(proxy, "dave@staff.example.org")).isEqualTo("+OK You are so in");
            assertThat(login(proxy, "alice")).isEqualTo("+OK You are so in");
        }
        try (RunningProxy unedited = start(RouteFiles.copy())) {
            assertThat(login(unedited, "dave@staff.example.org")).startsWith("-ERR failed");
        }
    }

    @Test
    void authEventsShouldAlsoReachASecondTopic() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        routes.write("events.camel.yaml", routes.withStepBefore("events.camel.yaml", "outbox-publish",
                RouteFiles.documentedEdit("Send Auth events to a second topic")));
        int brokerPort = RunningProxy.freePort();
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:" + backend.getPop3().getPort(),
                "routes_directory", routes.dir().toString(), "events.topic.extra", "audit.auth",
                "events.broker_port", Integer.toString(brokerPort)));
             Connection jms = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort).createConnection()) {
            Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer audit = session.createConsumer(session.createTopic("audit.auth"));
            MessageConsumer auth = session.createConsumer(session.createTopic("perdition.auth"));
            MessageConsumer connect = session.createConsumer(session.createTopic("perdition.connect"));
            jms.start();

            assertThat(login(proxy, "alice")).isEqualTo("+OK You are so in");

            JsonNode copy = json(audit.receive(15_000));
            JsonNode original = json(auth.receive(15_000));
            assertThat(copy.get("type").asText()).isEqualTo("auth");
            assertThat(copy.get("authentication_id").asText()).isEqualTo("alice");
            assertThat(copy.get("status").asText()).isEqualTo("ok");
            assertThat(copy.get("session_id")).isEqualTo(original.get("session_id"));
            assertThat(copy.get("event_id")).isNotEqualTo(original.get("event_id"));
            assertThat(connect.receive(15_000)).as("Connect events still on their own topic").isNotNull();
            assertThat(audit.receive(1000)).as("only Auth events are copied").isNull();
        }
    }

    private static JsonNode json(Message message) throws Exception {
        assertThat(message).isNotNull();
        return new ObjectMapper().readTree(((TextMessage) message).getText());
    }

    @Test
    void refusingANetworkShouldRefuseItsLoginsBeforeTheBackend() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        String edit = RouteFiles.documentedEdit("Refuse logins from a network").replace("'192.0.2.'", "'127.0.0.'");
        routes.write("login.camel.yaml", routes.withStepBefore("login.camel.yaml", "login-refused", edit));
        try (RunningProxy proxy = start(routes)) {
            assertThat(login(proxy, "alice")).isEqualTo("-ERR failed: refused network");
        }
    }

    @Test
    void aBrokenRouteFileShouldStopTheStartNamingItsFileAndLine() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        Path login = routes.file("login.camel.yaml");
        routes.write("login.camel.yaml", Files.readString(login).replace("- choice:\n            id: login-refused",
                "- chioce:\n            id: login-refused"));
        int line = Files.readAllLines(login).indexOf("        - chioce:") + 1;

        Throwable refused = catchThrowable(() -> start(routes).close());

        assertThat(RouteFileError.describe(refused, List.of()))
                .contains(login.toAbsolutePath() + ":" + line + ":11: Unknown node id: chioce");
    }

    @Test
    void aRouteThatCannotBeBuiltShouldStopTheStartNamingItsFileAndRoute() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        Path login = routes.file("login.camel.yaml");
        routes.write("login.camel.yaml", Files.readString(login).replaceFirst("ref: login\n", "ref: nosuch\n"));
        int line = Files.readAllLines(login).indexOf("    id: login") + 1;

        Throwable refused = catchThrowable(() -> start(routes).close());

        assertThat(RouteFileError.describe(refused, RoutesDirectory.files(java.util.Optional.of(routes.dir()))))
                .contains(login + ":" + line + ": route login: No bean could be found in the registry for: nosuch");
    }

    @Test
    void aDirectoryWithoutARouteFileShouldStopTheStartNamingIt() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        Files.delete(routes.file("login.camel.yaml"));

        Throwable refused = catchThrowable(() -> start(routes).close());

        assertThat(refused).hasMessage("routes_directory " + routes.dir()
                + " lacks route login (login.camel.yaml)");
    }

    @Test
    void throttlingWithALoginRouteWithoutItsStepShouldStopTheStart() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        String login = Files.readString(routes.file("login.camel.yaml"));
        String step = "              - bean:\n                  id: login-throttle\n";
        assertThat(login).contains(step);
        routes.write("login.camel.yaml", login.replace(step, "              - bean:\n                  id: my-own-step\n"));
        // without throttling the edited route is fine
        start(routes).close();

        Throwable refused = catchThrowable(() -> RunningProxy.start(Map.of("outgoing_server",
                "127.0.0.1:" + backend.getPop3().getPort(), "routes_directory", routes.dir().toString(),
                "throttle.enabled", "true")).close());

        assertThat(refused).hasMessage("routes_directory " + routes.dir() + " lacks step login-throttle in route login"
                + " (login.camel.yaml), which throttle.enabled needs");
    }

    @Test
    void aMissingDirectoryShouldStopTheStart() {
        Throwable refused = catchThrowable(() -> RunningProxy.start(Map.of("routes_directory", "/nonexistent/routes")));

        assertThat(refused).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("routes_directory /nonexistent/routes: no such directory");
    }

    private static RunningProxy start(RouteFiles routes) throws Exception {
        return RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:" + backend.getPop3().getPort(),
                "routes_directory", routes.dir().toString()));
    }

    /** USER and PASS; the answer to PASS. */
    static String login(RunningProxy proxy, String user) throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER " + user).readLine();
            String answer = c.send("PASS secret").readLine();
            c.send("QUIT");
            return answer;
        }
    }
}
