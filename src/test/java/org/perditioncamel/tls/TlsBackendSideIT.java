package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perditioncamel.it.RealClients;
import org.perditioncamel.testing.LineClient;

/**
 * TLS between the proxy and a real Dovecot that has {@code ssl = yes} with a certificate from the test CA:
 * implicit TLS to its pop3s/imaps ports (ssl_outgoing), STLS/STARTTLS on its plaintext ports (tls_outgoing) for POP3,
 * IMAP4 and ManageSieve, and POP3S/IMAP4S listeners with an empty ssl_mode (TLS on both sides). Each login is checked
 * in the proxy's Auth line (server-secure=…) and in Dovecot's own login line (its %c says "TLS").
 */
class TlsBackendSideIT {
    @RegisterExtension
    static final TlsDovecot DOVECOT = TlsDovecot.withGoodCertificate();

    /** ssl_outgoing: POP3 to pop3s by address (IP SAN), IMAP4 to imaps by name (DNS SAN and SNI). */
    static TlsFixtures.Proxy sslOutgoing;
    /** tls_outgoing: POP3, IMAP4 and MANAGESIEVE to Dovecot's plaintext ports, upgraded with STLS/STARTTLS. */
    static TlsFixtures.Proxy tlsOutgoing;
    /** POP3S and IMAP4S with no ssl_mode, which perdition reads as ssl_all. */
    static TlsFixtures.Proxy sslAll;
    /** tls_all: STARTTLS offered to clients and used with Dovecot's plaintext ports. */
    static TlsFixtures.Proxy tlsAll;
    static Path tlsAllLog;
    static Path sslOutgoingLog;
    static Path tlsOutgoingLog;
    static Path sslAllLog;

    @BeforeAll
    static void startProxies() throws Exception {
        String ca = TestCertificates.get().caCert.toString();
        sslOutgoingLog = TlsFixtures.newLog();
        Map<String, String> o = new LinkedHashMap<>(Map.of("ssl_mode", "ssl_outgoing", "ssl_ca_file", ca,
                "log_facility", sslOutgoingLog.toString(), "imap4.outgoing_server", "localhost"));
        sslOutgoing = TlsFixtures.startProxy(o, backends("POP3", DOVECOT.pop3sPort, "IMAP4", DOVECOT.imapsPort));

        tlsOutgoingLog = TlsFixtures.newLog();
        o = new LinkedHashMap<>(Map.of("ssl_mode", "tls_outgoing", "ssl_ca_file", ca,
                "log_facility", tlsOutgoingLog.toString()));
        tlsOutgoing = TlsFixtures.startProxy(o, backends("POP3", DOVECOT.server.pop3Port(), "IMAP4",
                DOVECOT.server.imapPort(), "MANAGESIEVE", DOVECOT.server.sievePort()));

        sslAllLog = TlsFixtures.newLog();
        o = TlsFixtures.listenOptions("", sslAllLog);
        o.put("ssl_ca_file", ca);
        o.put("ssl_no_client_cert_verify", "true");
        sslAll = TlsFixtures.startProxy(o, backends("POP3S", DOVECOT.pop3sPort, "IMAP4S", DOVECOT.imapsPort));

        tlsAllLog = TlsFixtures.newLog();
        o = TlsFixtures.listenOptions("tls_all", tlsAllLog);
        o.put("ssl_ca_file", ca);
        tlsAll = TlsFixtures.startProxy(o, backends("POP3", DOVECOT.server.pop3Port(), "IMAP4", DOVECOT.server.imapPort()));
    }

    @AfterAll
    static void stopProxies() {
        TlsFixtures.closeAll(sslOutgoing, tlsOutgoing, sslAll, tlsAll);
    }

    private static Map<String, Integer> backends(Object... protocolPortPairs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < protocolPortPairs.length; i += 2) {
            out.put((String) protocolPortPairs[i], (Integer) protocolPortPairs[i + 1]);
        }
        return out;
    }

    @Test
    void sslOutgoingShouldLogInToDovecotsPop3sPortAndLogServerSecureSsl() throws Exception {
        int before = loginCount("alice");
        try (LineClient c = new LineClient(sslOutgoing.port("POP3"))) {
            assertThat(c.readLine()).startsWith("+OK POP3 perditon ready on ");
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            assertThat(c.send("STAT").readLine()).matches("\\+OK [0-9]+ [0-9]+");
            assertThat(c.send("QUIT").readLine()).startsWith("+OK Logging out");
        }
        assertThat(TlsFixtures.awaitLog(sslOutgoingLog, "server-secure=ssl status=\"ok\"")).containsPattern(
                "client-secure=plaintext [^\n]*\"alice\" server=\"127\\.0\\.0\\.1:" + DOVECOT.pop3sPort
                        + "\" protocol=POP3 server-secure=ssl status=\"ok\"");
        assertThat(lastLogin("alice", before)).contains("lport=" + DOVECOT.pop3sPort).contains("TLS");
    }

    @Test
    void sslOutgoingShouldLogInToDovecotsImapsPortByNameAndLogServerSecureSsl() throws Exception {
        int before = loginCount("bob");
        try (LineClient c = new LineClient(sslOutgoing.port("IMAP4"))) {
            c.readLine();
            c.send("a1 LOGIN bob \"pa ss word\"");
            assertThat(TlsFixtures.tagged(c, "a1")).isEqualTo("a1 OK You are so in");
            c.send("a2 SELECT INBOX");
            assertThat(TlsFixtures.tagged(c, "a2")).startsWith("a2 OK [READ-WRITE]");
            c.send("a3 LOGOUT");
            assertThat(TlsFixtures.tagged(c, "a3")).startsWith("a3 OK");
        }
        assertThat(TlsFixtures.awaitLog(sslOutgoingLog, "protocol=IMAP4 server-secure=ssl status=\"ok\"")).containsPattern(
                "\"bob\" server=\"localhost:" + DOVECOT.imapsPort + "\" protocol=IMAP4 server-secure=ssl status=\"ok\"");
        assertThat(lastLogin("bob", before)).contains("lport=" + DOVECOT.imapsPort).contains("TLS");
    }

    @Test
    void tlsOutgoingShouldUseStlsWithDovecotAndLogServerSecureStarttls() throws Exception {
        int before = loginCount("alice");
        try (LineClient c = new LineClient(tlsOutgoing.port("POP3"))) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            assertThat(c.send("STAT").readLine()).matches("\\+OK [0-9]+ [0-9]+");
            c.send("QUIT").readLine();
        }
        assertThat(TlsFixtures.awaitLog(tlsOutgoingLog, "protocol=POP3 server-secure=starttls status=\"ok\""))
                .contains("protocol=POP3 server-secure=starttls status=\"ok\"");
        assertThat(lastLogin("alice", before)).contains("lport=" + DOVECOT.server.pop3Port()).contains("TLS");
    }

    @Test
    void tlsOutgoingShouldUseStarttlsWithDovecotImapAndLogServerSecureStarttls() throws Exception {
        int before = loginCount("carol@example.com");
        try (LineClient c = new LineClient(tlsOutgoing.port("IMAP4"))) {
            c.readLine();
            c.send("a1 LOGIN carol@example.com cpw");
            assertThat(TlsFixtures.tagged(c, "a1")).isEqualTo("a1 OK You are so in");
            c.send("a2 EXAMINE INBOX");
            assertThat(TlsFixtures.tagged(c, "a2")).startsWith("a2 OK [READ-ONLY]");
        }
        assertThat(TlsFixtures.awaitLog(tlsOutgoingLog, "protocol=IMAP4 server-secure=starttls status=\"ok\""))
                .contains("protocol=IMAP4 server-secure=starttls status=\"ok\"");
        assertThat(lastLogin("carol@example.com", before)).contains("lport=" + DOVECOT.server.imapPort())
                .contains("TLS");
    }

    @Test
    void tlsOutgoingShouldUseStarttlsWithDovecotManageSieveAndLogServerSecureStarttls() throws Exception {
        int before = loginCount("bob");
        try (LineClient c = new LineClient(tlsOutgoing.port("MANAGESIEVE"))) {
            TlsFixtures.sieveResponse(c);
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + TlsFixtures.plain("bob", "pa ss word") + "\"").readLine())
                    .isEqualTo("OK \"You are so in\"");
            c.send("LISTSCRIPTS");
            assertThat(TlsFixtures.sieveResponse(c)).last().asString().startsWith("OK \"List");
        }
        assertThat(TlsFixtures.awaitLog(tlsOutgoingLog, "protocol=MANAGESIEVE server-secure=starttls status=\"ok\""))
                .contains("protocol=MANAGESIEVE server-secure=starttls status=\"ok\"");
        assertThat(lastLogin("bob", before)).contains("managesieve-login:")
                .contains("lport=" + DOVECOT.server.sievePort()).contains("TLS");
    }

    /** POP3S and IMAP4S with ssl_mode unset: implicit TLS to the client (real clients) and to Dovecot. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"POP3S", "IMAP4S"})
    void implicitProtocolsWithoutSslModeShouldSpeakTlsOnBothSides(String protocol) {
        try (ClientProcess c = ClientProcess.sClient(sslAll.port(protocol))) {
            if (protocol.equals("POP3S")) {
                assertThat(c.next()).as(c.describe()).startsWith("+OK POP3 perditon ready on ");
                c.send("USER alice");
                c.next();
                c.send("PASS secret");
                assertThat(c.next()).as(c.describe()).isEqualTo("+OK You are so in");
                c.send("STAT");
                assertThat(c.next()).as(c.describe()).matches("\\+OK [0-9]+ [0-9]+");
                c.send("QUIT");
                assertThat(c.next()).as(c.describe()).startsWith("+OK Logging out");
            } else {
                assertThat(c.next()).as(c.describe()).startsWith("* OK [CAPABILITY IMAP4 IMAP4REV1 SASL-IR AUTH=PLAIN] perdition ready");
                c.send("s1 LOGIN alice secret");
                assertThat(c.awaitStartingWith("s1 ")).as(c.describe()).isEqualTo("s1 OK You are so in");
                c.send("s2 EXAMINE INBOX");
                assertThat(c.awaitStartingWith("s2 ")).as(c.describe()).startsWith("s2 OK [READ-ONLY]");
                c.send("s3 LOGOUT");
                assertThat(c.awaitStartingWith("s3 ")).as(c.describe()).startsWith("s3 OK");
            }
            assertThat(c.awaitExit()).as(c.describe()).isZero();   // close_notify before the FIN
        }
        assertThat(TlsFixtures.awaitLog(sslAllLog, "protocol=" + protocol + " server-secure=ssl status=\"ok\""))
                .containsPattern("client-secure=ssl [^\n]*protocol=" + protocol + " server-secure=ssl status=\"ok\"");
    }

    @Test
    void curlShouldReadAMessageThroughPop3sOnBothSides() {
        DOVECOT.server.deliver("carol@example.com", ("Subject: pop3s both ways\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        RealClients.Result r = RealClients.run(List.of("curl", "-s", "-S", "--max-time", "30", "--cacert",
                TestCertificates.get().caCert.toString(), "-u", "carol@example.com:cpw",
                "pop3s://127.0.0.1:" + sslAll.port("POP3S") + "/1"), TlsFixtures.WAIT.plusSeconds(15), null);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("Subject: pop3s both ways");
    }

    /** tls_all with python's poplib and imaplib: STARTTLS on both legs, each verified against the test CA. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"pop3-stls, POP3", "imap-starttls, IMAP4"})
    void pythonStarttlsThroughTlsAllShouldBeStarttlsOnBothSides(String mode, String protocol) {
        RealClients.Result r = RealClients.run(List.of("python3", RealClients.script("tls_session.py").toString(), mode,
                TlsFixtures.HOST, Integer.toString(tlsAll.port(protocol)), "bob", "pa ss word",
                TestCertificates.get().caCert.toString()), TlsFixtures.WAIT.plusSeconds(15), null);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("You are so in");
        assertThat(TlsFixtures.awaitLog(tlsAllLog, "protocol=" + protocol + " server-secure=starttls status=\"ok\""))
                .containsPattern("client-secure=starttls [^\n]*protocol=" + protocol + " server-secure=starttls "
                        + "status=\"ok\"");
    }

    private static int loginCount(String user) {
        String lines = DOVECOT.logins(user);
        return lines.isEmpty() ? 0 : lines.split("\n").length;
    }

    /** Dovecot's login line for the login after {@code before} earlier ones. */
    private static String lastLogin(String user, int before) {
        String[] lines = DOVECOT.awaitLogins(user, before + 1).lines().toArray(String[]::new);
        assertThat(lines.length).as("Dovecot logins of %s:\n%s", user, DOVECOT.server.log()).isGreaterThan(before);
        return lines[lines.length - 1];
    }
}
