package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.it.DovecotServer;
import org.perditioncamel.testing.LineClient;

/**
 * tls_outgoing_force against backends that offer no STARTTLS: the client gets "failed: TLS not present", and the
 * bytes the backend received (recorded by a fake on loopback, or Dovecot's log with ssl = no) hold no credential.
 */
class TlsOutgoingForceIT {
    /** Dovecot as the fixture makes it: ssl = no, so no STLS/STARTTLS in its capabilities. */
    @RegisterExtension
    static final DovecotServer PLAIN_DOVECOT = new DovecotServer();

    private static final String PASSWORD = "n0t-on-the-wire";

    static RecordingBackend pop3;
    static RecordingBackend imap;
    static RecordingBackend sieve;
    static TlsFixtures.Proxy toFakes;
    static TlsFixtures.Proxy toDovecot;
    /** tls_outgoing (not forced) to its own recording POP3 fake: the control. */
    static RecordingBackend controlBackend;
    static TlsFixtures.Proxy control;
    static Path fakesLog;
    static Path dovecotLog;

    @BeforeAll
    static void start() throws Exception {
        pop3 = new RecordingBackend(RecordingBackend.Kind.POP3);
        imap = new RecordingBackend(RecordingBackend.Kind.IMAP);
        sieve = new RecordingBackend(RecordingBackend.Kind.SIEVE);
        Map<String, Integer> fakes = new LinkedHashMap<>();
        fakes.put("POP3", pop3.port());
        fakes.put("IMAP4", imap.port());
        fakes.put("MANAGESIEVE", sieve.port());
        fakesLog = TlsFixtures.newLog();
        toFakes = TlsFixtures.startProxy(options("tls_outgoing_force", fakesLog), fakes);

        Map<String, Integer> dovecot = new LinkedHashMap<>();
        dovecot.put("POP3", PLAIN_DOVECOT.pop3Port());
        dovecot.put("IMAP4", PLAIN_DOVECOT.imapPort());
        dovecot.put("MANAGESIEVE", PLAIN_DOVECOT.sievePort());
        dovecotLog = TlsFixtures.newLog();
        toDovecot = TlsFixtures.startProxy(options("tls_outgoing_force", dovecotLog), dovecot);

        controlBackend = new RecordingBackend(RecordingBackend.Kind.POP3);
        control = TlsFixtures.startProxy(options("tls_outgoing", TlsFixtures.newLog()), Map.of("POP3", controlBackend.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        TlsFixtures.closeAll(toFakes, toDovecot, control, pop3, imap, sieve, controlBackend);
    }

    private static Map<String, String> options(String sslMode, Path log) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("ssl_mode", sslMode);
        o.put("ssl_ca_file", TestCertificates.get().caCert.toString());
        o.put("log_facility", log.toString());
        return o;
    }

    @Test
    void pop3PassShouldNeverReachABackendWithoutStls() throws Exception {
        try (LineClient c = new LineClient(toFakes.port("POP3"))) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS " + PASSWORD).readLine()).isEqualTo("-ERR failed: TLS not present");
        }
        pop3.awaitConnectionsClosed();
        assertThat(pop3.connections()).isEqualTo(1);
        assertThat(pop3.received()).contains("CAPA\r\n").doesNotContain("USER").doesNotContain("PASS")
                .doesNotContain(PASSWORD).doesNotContain("alice");
        assertThat(TlsFixtures.awaitLog(fakesLog, "protocol=POP3 server-secure=plaintext status=\"failed: TLS not present\""))
                .contains("protocol=POP3 server-secure=plaintext status=\"failed: TLS not present\"");
    }

    @Test
    void imapLoginShouldNeverReachABackendWithoutStarttls() throws Exception {
        try (LineClient c = new LineClient(toFakes.port("IMAP4"))) {
            c.readLine();
            c.send("a1 LOGIN alice " + PASSWORD);
            assertThat(TlsFixtures.tagged(c, "a1")).isEqualTo("a1 NO failed: TLS not present");
        }
        imap.awaitConnectionsClosed();
        assertThat(imap.received()).contains("CAPABILITY").doesNotContain("LOGIN").doesNotContain("AUTHENTICATE")
                .doesNotContain(PASSWORD).doesNotContain("alice");
        assertThat(TlsFixtures.awaitLog(fakesLog, "protocol=IMAP4 server-secure=plaintext status=\"failed: TLS not present\""))
                .contains("protocol=IMAP4 server-secure=plaintext status=\"failed: TLS not present\"");
    }

    @Test
    void sieveAuthenticateShouldNeverReachABackendWithoutStarttls() throws Exception {
        try (LineClient c = new LineClient(toFakes.port("MANAGESIEVE"))) {
            TlsFixtures.sieveResponse(c);
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + TlsFixtures.plain("alice", PASSWORD) + "\"").readLine())
                    .isEqualTo("NO \"failed: TLS not present\"");
        }
        sieve.awaitConnectionsClosed();
        assertThat(sieve.received()).doesNotContain("AUTHENTICATE").doesNotContain(TlsFixtures.plain("alice", PASSWORD))
                .doesNotContain(PASSWORD);
        assertThat(TlsFixtures.awaitLog(fakesLog, "protocol=MANAGESIEVE server-secure=plaintext "
                + "status=\"failed: TLS not present\"")).contains("protocol=MANAGESIEVE server-secure=plaintext "
                + "status=\"failed: TLS not present\"");
    }

    /** The control: with tls_outgoing (not forced) the proxy falls back to plaintext and the fake sees PASS. */
    @Test
    void recordingBackendShouldSeeThePasswordWhenTlsIsNotForced() throws Exception {
        try (LineClient c = new LineClient(control.port("POP3"))) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS " + PASSWORD).readLine()).isEqualTo("-ERR failed: Re-Authentication Failure");
        }
        controlBackend.awaitConnectionsClosed();
        assertThat(controlBackend.received()).contains("CAPA\r\n", "USER alice\r\n", "PASS " + PASSWORD + "\r\n");
    }

    @Test
    void loginsShouldFailWithTlsNotPresentAgainstDovecotWithoutSsl() throws Exception {
        try (LineClient c = new LineClient(toDovecot.port("POP3"))) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("-ERR failed: TLS not present");
        }
        try (LineClient c = new LineClient(toDovecot.port("IMAP4"))) {
            c.readLine();
            c.send("b1 LOGIN alice secret");
            assertThat(TlsFixtures.tagged(c, "b1")).isEqualTo("b1 NO failed: TLS not present");
        }
        try (LineClient c = new LineClient(toDovecot.port("MANAGESIEVE"))) {
            TlsFixtures.sieveResponse(c);
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + TlsFixtures.plain("alice", "secret") + "\"").readLine())
                    .isEqualTo("NO \"failed: TLS not present\"");
        }
        TlsFixtures.awaitLog(dovecotLog, "protocol=MANAGESIEVE server-secure=plaintext status=\"failed: TLS not present\"");
        // Dovecot saw three connections that never authenticated
        long end = System.nanoTime() + TlsFixtures.WAIT.toNanos();
        while (PLAIN_DOVECOT.log().split("no auth attempts", -1).length - 1 < 3 && System.nanoTime() < end) {
            TlsFixtures.sleep(100);
        }
        assertThat(PLAIN_DOVECOT.log()).doesNotContain("user=<alice>").doesNotContain("Login: ");
        assertThat(PLAIN_DOVECOT.log().split("no auth attempts", -1).length - 1).as(PLAIN_DOVECOT.log()).isEqualTo(3);
    }
}
