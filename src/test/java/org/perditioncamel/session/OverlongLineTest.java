package org.perditioncamel.session;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that sends a mebibyte without a line end gets its answer at once in every protocol, not at a timeout. */
class OverlongLineTest {
    private static final byte[] MEBIBYTE = new byte[1024 * 1024];

    static RunningProxy proxy;
    static int imap;
    static int sieve;

    @BeforeAll
    static void start() throws Exception {
        Arrays.fill(MEBIBYTE, (byte) 'x');
        imap = RunningProxy.freePort();
        sieve = RunningProxy.freePort();
        proxy = RunningProxy.start(Map.of("listeners", "POP3,IMAP4,MANAGESIEVE",
                "imap4.listen_port", Integer.toString(imap), "managesieve.listen_port", Integer.toString(sieve)));
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void pop3ShouldAnswerAMebibyteWithoutLineEndAtOnce() throws Exception {
        try (LineClient c = new LineClient(proxy.port()).timeout(5000)) {
            c.readLine();
            c.sendRaw(MEBIBYTE);
            assertThat(c.readLine()).isEqualTo("-ERR Mate, the line is too long");
            c.send("").send("CAPA");
            assertThat(c.readLine()).isEqualTo("+OK Capability list follows, mate");
        }
    }

    @Test
    void imapShouldAnswerAMebibyteWithoutLineEndAtOnce() throws Exception {
        try (LineClient c = new LineClient(imap).timeout(5000)) {
            c.readLine();
            c.sendRaw("a1 LOGIN ".getBytes()).sendRaw(MEBIBYTE);
            assertThat(c.readLine()).isEqualTo("a1 BAD Mate, the line is too long");
            c.send("").send("a2 NOOP");
            assertThat(c.readLine()).startsWith("a2 ");
        }
    }

    @Test
    void manageSieveShouldAnswerAMebibyteWithoutLineEndAtOnce() throws Exception {
        try (LineClient c = new LineClient(sieve).timeout(5000)) {
            String line;
            do {
                line = c.readLine();
            } while (!line.startsWith("OK"));
            c.sendRaw("NOOP \"".getBytes()).sendRaw(MEBIBYTE);
            assertThat(c.readLine()).isEqualTo("NO \"Mate, the line is too long\"");
            c.send("\"").send("NOOP");
            assertThat(c.readLine()).startsWith("OK");
        }
    }
}
