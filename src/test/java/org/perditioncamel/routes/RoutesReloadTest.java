package org.perditioncamel.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.CapturedLog;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/**
 * routes_reload: an edited route file changes what the next login does while a session logged in before goes on, and
 * a broken one is refused with its file and line while the routes it defined keep running.
 */
class RoutesReloadTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(new ServerSetup[] {
            ServerSetupTest.SMTP, ServerSetupTest.POP3, ServerSetupTest.IMAP}))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    @Test
    void anEditedLoginRouteShouldApplyWithoutDroppingTheSessionsLoggedIn() throws Exception {
        GreenMailUtil.sendTextEmail("alice@example.org", "bob@example.org", "before", "kept across a reload",
                backend.getSmtp().getServerSetup());
        RouteFiles routes = RouteFiles.copy();
        try (CapturedLog log = CapturedLog.capture();
             RunningProxy pop3 = RunningProxy.start(options(routes, "POP3", backend.getPop3().getPort()));
             LineClient session = new LineClient(pop3.port())) {
            logIn(session);

            long written = System.nanoTime();
            refuseLoopback(routes);
            assertThat(log.await("Route file " + routes.file("login.camel.yaml") + " applied", 10_000)).isNotNull();
            long appliedMillis = (System.nanoTime() - written) / 1_000_000;

            assertThat(RouteEditsTest.login(pop3, "alice")).isEqualTo("-ERR failed: refused network");
            assertThat(session.send("STAT").readLine()).matches("\\+OK 1 \\d+");
            assertThat(session.send("RETR 1").readLine()).startsWith("+OK");
            assertThat(new String(session.readMultiLine())).contains("kept across a reload");
            assertThat(session.send("QUIT").readLine()).startsWith("+OK");
            System.out.println("routes_reload: login.camel.yaml applied " + appliedMillis + " ms after the write");
        }
    }

    @Test
    void aLoginInProgressShouldFinishOnTheRouteItStartedOn() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        try (SlowGreeting slow = SlowGreeting.to(backend.getPop3().getPort(), 1500);
             CapturedLog log = CapturedLog.capture();
             RunningProxy pop3 = RunningProxy.start(options(routes, "POP3", slow.port()));
             LineClient session = new LineClient(pop3.port())) {
            session.readLine();
            session.send("USER alice").readLine();
            session.send("PASS secret");
            Thread.sleep(300);     // the backend's greeting is still held back: the login is in flight
            long written = System.nanoTime();
            refuseLoopback(routes);

            assertThat(session.readLine()).isEqualTo("+OK You are so in");
            assertThat(log.await("Route file " + routes.file("login.camel.yaml") + " applied", 10_000)).isNotNull();
            long appliedMillis = (System.nanoTime() - written) / 1_000_000;
            assertThat(session.send("STAT").readLine()).startsWith("+OK");
            assertThat(RouteEditsTest.login(pop3, "alice")).isEqualTo("-ERR failed: refused network");
            System.out.println("routes_reload: with a login in flight, applied " + appliedMillis + " ms after the write");
        }
    }

    @Test
    void anImapSessionShouldSurviveAReloadOfItsLoginRoute() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        try (CapturedLog log = CapturedLog.capture();
             RunningProxy imap = RunningProxy.start(options(routes, "IMAP4", backend.getImap().getPort()));
             LineClient session = new LineClient(imap.port())) {
            session.readLine();
            assertThat(session.send("a1 LOGIN alice secret").readLine()).startsWith("a1 OK");
            refuseLoopback(routes);
            assertThat(log.await("Route file " + routes.file("login.camel.yaml") + " applied", 10_000)).isNotNull();

            try (LineClient other = new LineClient(imap.port())) {
                other.readLine();
                assertThat(other.send("b1 LOGIN alice secret").readLine()).startsWith("b1 NO");
            }
            session.send("a2 SELECT INBOX");
            String line = session.readLine();
            while (line != null && line.startsWith("* ")) {
                line = session.readLine();
            }
            assertThat(line).startsWith("a2 OK");
            assertThat(session.send("a3 LOGOUT").readLine()).startsWith("* BYE");
        }
    }

    @Test
    void anEditedListenerTemplateShouldWaitForTheNextStartAndDropNoSession() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        try (CapturedLog log = CapturedLog.capture();
             RunningProxy pop3 = RunningProxy.start(options(routes, "POP3", backend.getPop3().getPort()));
             LineClient session = new LineClient(pop3.port())) {
            logIn(session);

            String listeners = Files.readString(routes.file("listeners.camel.yaml"));
            routes.write("listeners.camel.yaml", listeners.replace("noReplyLogLevel: TRACE", "noReplyLogLevel: DEBUG"));

            assertThat(log.await("defines route templates: the routes made from them change at the next start",
                    10_000)).contains(routes.file("listeners.camel.yaml").toString());
            assertThat(session.send("STAT").readLine()).startsWith("+OK");
            assertThat(RouteEditsTest.login(pop3, "alice")).isEqualTo("+OK You are so in");
        }
    }

    @Test
    void aBrokenFileShouldBeRefusedWithItsFileAndLineAndTheRunningRouteKept() throws Exception {
        RouteFiles routes = RouteFiles.copy();
        try (CapturedLog log = CapturedLog.capture();
             RunningProxy pop3 = RunningProxy.start(options(routes, "POP3", backend.getPop3().getPort()))) {
            Path login = routes.file("login.camel.yaml");
            String broken = Files.readString(login).replace("- choice:\n            id: login-refused",
                    "- chioce:\n            id: login-refused");
            routes.write("login.camel.yaml", broken);

            String refused = log.await("Route file refused", 10_000);
            int line = broken.lines().toList().indexOf("        - chioce:") + 1;
            assertThat(refused).contains(login + ":" + line + ":11: Unknown node id: chioce");
            assertThat(RouteEditsTest.login(pop3, "alice")).isEqualTo("+OK You are so in");

            // parses, but cannot be built: Camel has already removed the route when it finds out; it is put back
            routes.write("login.camel.yaml", broken.replace("chioce", "choice").replaceFirst("ref: login\n", "ref: nosuch\n"));
            assertThat(log.await("route login: No bean could be found in the registry for: nosuch", 10_000))
                    .contains(login + ":");
            assertThat(RouteEditsTest.login(pop3, "alice")).isEqualTo("+OK You are so in");
        }
    }

    /** docs/routes.md's "Refuse logins from a network", for the test's own network, as an operator's edit. */
    private static void refuseLoopback(RouteFiles routes) throws IOException {
        routes.write("login.camel.yaml", routes.withStepBefore("login.camel.yaml", "login-refused",
                RouteFiles.documentedEdit("Refuse logins from a network").replace("'192.0.2.'", "'127.0.0.'")));
    }

    private static void logIn(LineClient session) throws IOException {
        session.readLine();
        session.send("USER alice").readLine();
        assertThat(session.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
    }

    private static Map<String, String> options(RouteFiles routes, String protocol, int backendPort) {
        return Map.of("protocol", protocol, "outgoing_server", "127.0.0.1:" + backendPort,
                "routes_directory", routes.dir().toString(), "routes_reload", "true");
    }
}
