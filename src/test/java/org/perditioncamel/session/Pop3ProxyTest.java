package org.perditioncamel.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole POP3 lifecycle through the running application to a real (in-JVM) POP3 server. */
class Pop3ProxyTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    static RunningProxy proxy;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:" + backend.getPop3().getPort()));
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void greetingShouldBePerditionsByteForByte() throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            assertThat(c.readLine()).matches("\\+OK POP3 perditon ready on \\S+ [0-9a-f]{8}");
        }
    }

    @Test
    void loginShouldSpliceToTheBackendAndRelayItsAnswers() throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            assertThat(c.send("USER alice").readLine()).isEqualTo("+OK USER alice set, mate");
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            assertThat(c.send("STAT").readLine()).startsWith("+OK ");
            assertThat(c.send("QUIT").readLine()).startsWith("+OK");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /**
     * The routes run on the event loop and answer from inside the previous command's dispatch: a full lockstep queue
     * (pipelined USER lines, then a login) is answered in order, one task per command, not one nested route each.
     */
    @Test
    void manyPipelinedCommandsShouldAllBeAnsweredInOrderThenLogIn() throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < 250; i++) {
                pipelined.append("USER user").append(i).append("\r\n");
            }
            pipelined.append("USER alice\r\nPASS secret\r\nSTAT\r\n");
            c.sendRaw(pipelined.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < 250; i++) {
                assertThat(c.readLine()).isEqualTo("+OK USER user" + i + " set, mate");
            }
            assertThat(c.readLine()).isEqualTo("+OK USER alice set, mate");
            assertThat(c.readLine()).isEqualTo("+OK You are so in");
            assertThat(c.readLine()).startsWith("+OK ");
            assertThat(c.send("QUIT").readLine()).startsWith("+OK");
        }
    }

    @Test
    void wrongPasswordShouldLetTheClientRetryOnTheSameConnection() throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS wrong").readLine()).isEqualTo("-ERR failed: Re-Authentication Failure");
            assertThat(c.send("PASS secret").readLine()).isEqualTo("-ERR USER not yet set, mate");
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            assertThat(c.send("QUIT").readLine()).startsWith("+OK");
        }
    }

    @Test
    void tenMebibyteMessageShouldArriveByteIdentical() throws Exception {
        String body = bigBody(10 * 1024 * 1024);
        MimeMessage m = GreenMailUtil.createTextEmail("bob@example.org", "x@example.org", "big", body, backend.getSmtp().getServerSetup());
        backend.setUser("bob@example.org", "bob", "pw");
        backend.getUserManager().getUser("bob").deliver(m);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        m.writeTo(expected);
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER bob").readLine();
            assertThat(c.send("PASS pw").readLine()).isEqualTo("+OK You are so in");
            assertThat(c.send("RETR 1").readLine()).startsWith("+OK");
            byte[] got = c.readMultiLine();
            assertThat(new String(got, StandardCharsets.ISO_8859_1)).contains(body.substring(0, 1000));
            assertThat(got.length).isGreaterThan(10 * 1024 * 1024);
            assertThat(got).isEqualTo(withCrlf(expected.toByteArray()));
            c.send("QUIT").readLine();
        }
    }

    private static byte[] withCrlf(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
        if (!s.endsWith("\r\n")) {
            s += "\r\n";
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String bigBody(int size) {
        StringBuilder sb = new StringBuilder(size + 100);
        int i = 0;
        while (sb.length() < size) {
            sb.append("line ").append(i++).append(" of a large message, with a .dot and some padding text\r\n");
            if (i % 97 == 0) {
                sb.append(".leading dot line\r\n");
            }
        }
        return sb.toString();
    }

    @Test
    void pipelinedCommandsShouldBeAnsweredInOrderAcrossTheSplice() throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.sendRaw("CAPA\r\nUSER alice\r\nPASS secret\r\nSTAT\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("+OK Capability list follows, mate");
            assertThat(c.readLine()).isEqualTo("UIDL");
            assertThat(c.readLine()).isEqualTo("USER");
            assertThat(c.readLine()).isEqualTo(".");
            assertThat(c.readLine()).isEqualTo("+OK USER alice set, mate");
            assertThat(c.readLine()).isEqualTo("+OK You are so in");
            assertThat(c.readLine()).startsWith("+OK ");   // STAT, answered by the backend
            assertThat(c.readLine()).startsWith("+OK");    // QUIT
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /**
     * A line over max_line_length pipelined behind PASS is the backend's to judge: it reaches the backend as sent and
     * its answer comes in order (it was dropped at the splice before, so STAT's answer looked like its own).
     */
    @Test
    void overlongLinePipelinedAfterPassShouldReachTheBackendAndBeAnsweredInOrder() throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.sendRaw(("USER alice\r\nPASS secret\r\nXLONG " + "x".repeat(10_000) + "\r\nSTAT\r\nQUIT\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("+OK USER alice set, mate");
            assertThat(c.readLine()).isEqualTo("+OK You are so in");
            assertThat(c.readLine()).startsWith("-ERR");   // the backend's answer to XLONG
            assertThat(c.readLine()).startsWith("+OK ");   // STAT
            assertThat(c.readLine()).startsWith("+OK");    // QUIT
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void halfClosedClientShouldStillGetItsAnswersBeforeLogin() throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("CAPA").send("QUIT").shutdownOutput();
            assertThat(c.readLine()).isEqualTo("+OK Capability list follows, mate");
            c.readMultiLine();
            assertThat(c.readLine()).isEqualTo("+OK QUIT");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void halfClosedClientShouldStillGetBackendAnswersAfterLogin() throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            c.send("STAT").shutdownOutput();
            assertThat(c.readLine()).startsWith("+OK ");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void hundredKibLineShouldGetAnErrorAndTheSessionGoesOn() throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.sendRaw(("USER " + "x".repeat(100 * 1024) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).startsWith("-ERR ");
            assertThat(c.send("USER alice").readLine()).isEqualTo("+OK USER alice set, mate");
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            c.send("QUIT").readLine();
        }
    }

    @Test
    void nulAndNonUtf8BytesShouldGetProtocolErrors() throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.sendRaw(new byte[] {'U', 'S', 'E', 'R', ' ', 'a', 0, 'b', '\r', '\n'});
            assertThat(c.readLine()).isEqualTo("-ERR Mate, try: USER <username>");
            c.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\r', '\n'});
            assertThat(c.readLine()).startsWith("-ERR Mate, the command");
            c.sendRaw(new byte[] {'U', 'S', 'E', 'R', ' ', (byte) 0xe9, 'a', '\r', '\n'});
            assertThat(c.readLine()).isEqualTo("+OK USER \u00e9a set, mate");
            assertThat(c.send("QUIT").readLine()).isEqualTo("+OK QUIT");
        }
    }

    @Test
    void clientVanishingMidLoginShouldNotHarmTheNextClient() throws Exception {
        for (int i = 0; i < 5; i++) {
            LineClient gone = new LineClient(proxy.port());
            gone.readLine();
            gone.send("USER alice").readLine();
            gone.send("PASS secret");
            gone.socket().setSoLinger(true, 0);
            gone.close();   // RST while the backend login is in flight
        }
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            c.send("QUIT").readLine();
        }
    }
}
