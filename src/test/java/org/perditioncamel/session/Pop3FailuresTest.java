package org.perditioncamel.session;

import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

import static org.assertj.core.api.Assertions.assertThat;

/** Failed logins, perdition's options around them, and the limits that keep one client from hurting others. */
class Pop3FailuresTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    private static String backendServer() {
        return "127.0.0.1:" + backend.getPop3().getPort();
    }

    @Test
    void backendDownShouldGiveCouldNotConnectAndAllowARetry() throws Exception {
        int closedPort = RunningProxy.freePort();
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:" + closedPort + "," + backendServer()))) {
            // -s A,B: each session starts at a random entry and moves on one entry per attempt
            int sawDown = 0;
            int sawUpFirst = 0;
            for (int i = 0; i < 30 && (sawDown == 0 || sawUpFirst == 0); i++) {
                try (LineClient c = new LineClient(proxy.port())) {
                    c.readLine();
                    String first = login(c, "alice", "secret");
                    if (first.equals("+OK You are so in")) {
                        sawUpFirst++;
                        continue;
                    }
                    assertThat(first).isEqualTo("-ERR failed: Could not connect to server");
                    sawDown++;
                    assertThat(login(c, "alice", "secret")).isEqualTo("+OK You are so in");
                }
            }
            assertThat(sawDown).isPositive();
            assertThat(sawUpFirst).isPositive();
        }
    }

    private static String login(LineClient c, String user, String password) throws Exception {
        c.send("USER " + user).readLine();
        return c.send("PASS " + password).readLine();
    }

    @Test
    void noServerShouldGiveCouldNotDetermineServer() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("map_library", ""));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            assertThat(login(c, "alice", "secret")).isEqualTo("-ERR failed: Could not determine server");
            assertThat(c.send("QUIT").readLine()).isEqualTo("+OK QUIT");
        }
    }

    @Test
    void proxyPointingAtItselfShouldDetectTheLoop() throws Exception {
        int port = RunningProxy.freePort();
        try (RunningProxy proxy = RunningProxy.start(Map.of("listen_port", Integer.toString(port),
                "outgoing_server", "127.0.0.1:" + port, "map_library", ""));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            assertThat(login(c, "alice", "secret")).isEqualTo("-ERR failed: Connection Negotiation Failure");
            assertThat(c.send("QUIT").readLine()).isEqualTo("+OK QUIT");
        }
    }

    @Test
    void serverRespLineShouldRelayTheBackendsOwnLines() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", backendServer(), "server_resp_line", "true"));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            String refused = login(c, "alice", "wrong");
            assertThat(refused).startsWith("-ERR").isNotEqualTo("-ERR failed: Re-Authentication Failure");
            String ok = login(c, "alice", "secret");
            assertThat(ok).startsWith("+OK").isNotEqualTo("+OK You are so in");
            c.send("QUIT").readLine();
        }
    }

    @Test
    void okLineShouldReplaceTheSuccessText() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", backendServer(), "ok_line", "Welcome aboard"));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            assertThat(login(c, "alice", "secret")).isEqualTo("+OK Welcome aboard");
        }
    }

    @Test
    void loginDisabledShouldRefuseEveryLogin() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", backendServer(), "login_disabled", "true"));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            assertThat(login(c, "alice", "secret")).isEqualTo("-ERR failed: Login Disabled");
        }
    }

    /** The default lives in LoginSettings only; the reply route's {{error_delay}} placeholder must still see it. */
    @Test
    void unsetErrorDelayShouldBePerditionsThreeSeconds() throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        options.put("outgoing_server", backendServer());
        options.put("error_delay", null);
        try (RunningProxy proxy = RunningProxy.start(options);
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            long t0 = System.nanoTime();
            assertThat(c.send("FOO").readLine()).startsWith("-ERR Mate");
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(2_950L, 10_000L);
        }
    }

    @Test
    void errorsShouldWaitErrorDelayButAuthShouldNot() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", backendServer(), "error_delay", "1000"));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            long t0 = System.nanoTime();
            assertThat(c.send("FOO").readLine()).isEqualTo("-ERR Mate, the command is too short, must be one of CAPA, USER, PASS or QUIT");
            long delayed = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            assertThat(c.send("AUTH PLAIN").readLine()).isEqualTo("-ERR Mate, the command must be one of CAPA, USER, PASS or QUIT");
            assertThat(c.send("AU").readLine()).isEqualTo("-ERR Mate, the command is too short, must be one of CAPA, USER, PASS or QUIT");
            long fast = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            assertThat(login(c, "alice", "wrong")).isEqualTo("-ERR failed: Re-Authentication Failure");
            long failed = (System.nanoTime() - t0) / 1_000_000;
            assertThat(delayed).isGreaterThanOrEqualTo(950);
            assertThat(fast).isLessThan(900);
            assertThat(failed).isGreaterThanOrEqualTo(950);
        }
    }

    @Test
    void connectionLimitShouldRefuseTheExtraClientAndKeepServing() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", backendServer(), "connection_limit", "1"))) {
            Thread.sleep(300);   // the start-up probe connection must be gone before we count
            try (LineClient first = new LineClient(proxy.port())) {
                assertThat(first.readLine()).startsWith("+OK POP3 perditon ready");
                try (LineClient second = new LineClient(proxy.port())) {
                    assertThat(second.readLine()).isEqualTo("-ERR Too many connections, mate");
                    assertThat(second.closedByServer()).isTrue();
                }
            }
            Thread.sleep(200);
            try (LineClient third = new LineClient(proxy.port())) {
                assertThat(third.readLine()).startsWith("+OK POP3 perditon ready");
            }
        }
    }

    @Test
    void idleClientShouldBeClosedAfterAuthenticateTimeout() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", backendServer(), "authenticate_timeout", "1"));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER alice").readLine();
            long t0 = System.nanoTime();
            assertThat(c.timeout(5000).closedByServer()).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(700L, 3000L);
        }
    }

    @Test
    void dribblingClientShouldBeClosedAtTheLoginDeadline() throws Exception {
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", backendServer(), "login_deadline", "2",
                "authenticate_timeout", "1800"));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            long t0 = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 10 && !closed; i++) {
                try {
                    c.sendRaw(new byte[] {'U'});   // one byte at a time is not idle
                } catch (java.io.IOException e) {
                    closed = true;
                    break;
                }
                c.timeout(500);
                closed = c.closedByServer();
            }
            assertThat(closed).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1500L, 4500L);
        }
    }

    @Test
    void splicedSessionShouldEndAfterTimeoutAndRelogWhileItLasts() throws Exception {
        java.nio.file.Path log = java.nio.file.Files.createTempFile("perdition-", ".log");
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", backendServer(), "timeout", "2",
                "connect_relog", "1", "log_facility", log.toString()));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            assertThat(login(c, "alice", "secret")).isEqualTo("+OK You are so in");
            long t0 = System.nanoTime();
            assertThat(c.timeout(6000).closedByServer()).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1500L, 4000L);
            Thread.sleep(500);
        }
        String lines = java.nio.file.Files.readString(log);
        assertThat(lines).contains("Timeout piping data.");
        assertThat(lines.lines().filter(l -> l.contains("Auth: ") && l.contains("status=\"ok\"")).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyBindAddressShouldGetItsOwnListener() throws Exception {
        int a = RunningProxy.freePort();
        int b = RunningProxy.freePort();
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", backendServer(), "listen_port", Integer.toString(a),
                "bind_address", "127.0.0.1," + "[::1]:" + b))) {
            try (LineClient c = new LineClient("127.0.0.1", a)) {
                assertThat(c.readLine()).startsWith("+OK POP3 perditon ready on ");
            }
            try (LineClient c = new LineClient("::1", b)) {
                assertThat(c.readLine()).startsWith("+OK POP3 perditon ready on ");
                assertThat(login(c, "alice", "secret")).isEqualTo("+OK You are so in");
            }
        }
    }
}
