package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perditioncamel.it.DovecotServer;
import org.perditioncamel.it.RealClients;
import org.perditioncamel.testing.LineClient;

/**
 * TLS between real clients and the proxy (openssl s_client, curl, python's poplib and imaplib, sieve-connect), with a
 * plaintext Dovecot behind it: STARTTLS/STLS (tls_listen), forced STARTTLS (tls_listen_force), implicit TLS
 * (ssl_listen, and the POP3S/IMAP4S listeners with ssl_mode ssl_listen), and the STARTTLS command-injection guard.
 */
class TlsClientSideIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    private static final String SUBJECT = "tls-it message for ";

    /** tls_listen on POP3, IMAP4 and MANAGESIEVE; no client certificate requested. */
    static TlsFixtures.Proxy listen;
    /** tls_listen_force on POP3, IMAP4 and MANAGESIEVE; with ssl_ca_file, so client certificates are requested. */
    static TlsFixtures.Proxy forced;
    /** ssl_listen on POP3, IMAP4, POP3S and IMAP4S, all to the plaintext Dovecot. */
    static TlsFixtures.Proxy implicit;
    static Path listenLog;
    static Path forcedLog;
    static Path implicitLog;

    @BeforeAll
    static void startProxies() throws Exception {
        for (String user : DOVECOT.users().keySet()) {
            DOVECOT.deliver(user, ("From: it@example.com\r\nTo: " + user + "\r\nSubject: " + SUBJECT + user
                    + "\r\n\r\nhello over TLS\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        Map<String, Integer> three = new LinkedHashMap<>();
        three.put("POP3", DOVECOT.pop3Port());
        three.put("IMAP4", DOVECOT.imapPort());
        three.put("MANAGESIEVE", DOVECOT.sievePort());

        listenLog = TlsFixtures.newLog();
        Map<String, String> o = TlsFixtures.listenOptions("tls_listen", listenLog);
        o.put("ssl_no_client_cert_verify", "true");
        listen = TlsFixtures.startProxy(o, three);

        forcedLog = TlsFixtures.newLog();
        o = TlsFixtures.listenOptions("tls_listen_force", forcedLog);
        o.put("ssl_ca_file", TestCertificates.get().caCert.toString());
        forced = TlsFixtures.startProxy(o, three);

        implicitLog = TlsFixtures.newLog();
        o = TlsFixtures.listenOptions("ssl_listen", implicitLog);
        o.put("ssl_no_client_cert_verify", "true");
        Map<String, Integer> four = new LinkedHashMap<>();
        four.put("POP3", DOVECOT.pop3Port());
        four.put("IMAP4", DOVECOT.imapPort());
        four.put("POP3S", DOVECOT.pop3Port());
        four.put("IMAP4S", DOVECOT.imapPort());
        implicit = TlsFixtures.startProxy(o, four);
    }

    @AfterAll
    static void stopProxies() {
        TlsFixtures.closeAll(listen, forced, implicit);
    }

    // ---- openssl s_client -starttls ----

    @Test
    void opensslStarttlsPop3ShouldLogInAndRelayStat() {
        try (ClientProcess c = ClientProcess.sClient(listen.port("POP3"), "-starttls", "pop3")) {
            c.send("USER alice");
            assertThat(c.next()).as(c.describe()).isEqualTo("+OK USER alice set, mate");
            c.send("PASS secret");
            assertThat(c.next()).as(c.describe()).isEqualTo("+OK You are so in");
            c.send("STAT");
            assertThat(c.next()).as(c.describe()).matches("\\+OK [1-9][0-9]* [0-9]+");
            c.send("QUIT");
            assertThat(c.next()).as(c.describe()).startsWith("+OK Logging out");
            assertThat(c.awaitExit()).as(c.describe()).isZero();   // close_notify before the FIN
        }
        assertThat(TlsFixtures.awaitLog(listenLog, "protocol=POP3 server-secure=plaintext status=\"ok\""))
                .containsPattern("client-secure=starttls [^\n]*protocol=POP3 server-secure=plaintext status=\"ok\"");
    }

    @Test
    void opensslStarttlsImapShouldLogInAndRelaySelect() {
        try (ClientProcess c = ClientProcess.sClient(listen.port("IMAP4"), "-starttls", "imap")) {
            c.send("a1 LOGIN bob \"pa ss word\"");
            assertThat(c.awaitStartingWith("a1 ")).as(c.describe()).isEqualTo("a1 OK You are so in");
            c.send("a2 SELECT INBOX");
            assertThat(c.awaitStartingWith("a2 ")).as(c.describe()).startsWith("a2 OK [READ-WRITE]");
            c.send("a3 LOGOUT");
            assertThat(c.awaitStartingWith("a3 ")).as(c.describe()).startsWith("a3 OK");
            assertThat(c.awaitExit()).as(c.describe()).isZero();   // close_notify before the FIN
            assertThat(c.transcript()).anyMatch(l -> l.matches("\\* [1-9][0-9]* EXISTS"));
        }
        assertThat(TlsFixtures.awaitLog(listenLog, "protocol=IMAP4 server-secure=plaintext status=\"ok\""))
                .containsPattern("client-secure=starttls [^\n]*\"bob\"[^\n]*protocol=IMAP4 server-secure=plaintext");
    }

    /** Reference §15 case 34: after the handshake the capabilities come unasked, without STARTTLS. */
    @Test
    void opensslStarttlsSieveShouldGetCapabilitiesUnaskedThenLogIn() {
        try (ClientProcess c = ClientProcess.sClient(listen.port("MANAGESIEVE"), "-starttls", "sieve")) {
            // s_client read the greeting and STARTTLS's OK itself; all it prints came after the handshake
            String ok = c.awaitStartingWith("OK");
            List<String> capabilities = c.transcript();
            assertThat(ok).as(c.describe()).isEqualTo("OK \"TLS negotiation completed, mate\"");
            assertThat(capabilities).as(c.describe())
                    .contains("\"SASL\" \"PLAIN\"", "\"VERSION\" \"1.0\"", "\"IMPLEMENTATION\" \"perdition\"")
                    .doesNotContain("\"STARTTLS\"");
            c.send("AUTHENTICATE \"PLAIN\" \"" + TlsFixtures.plain("alice", "secret") + "\"");
            assertThat(c.next()).as(c.describe()).isEqualTo("OK \"You are so in\"");
            c.send("LISTSCRIPTS");
            assertThat(c.awaitStartingWith("OK")).as(c.describe()).startsWith("OK \"List");
            c.send("LOGOUT");
            assertThat(c.awaitStartingWith("OK")).as(c.describe()).startsWith("OK \"Logout");
            assertThat(c.awaitExit()).as(c.describe()).isZero();   // close_notify before the FIN
        }
        assertThat(TlsFixtures.awaitLog(listenLog, "protocol=MANAGESIEVE server-secure=plaintext status=\"ok\""))
                .containsPattern("client-secure=starttls [^\n]*protocol=MANAGESIEVE server-secure=plaintext");
    }

    // ---- implicit TLS: ssl_listen, and POP3S/IMAP4S with ssl_mode ssl_listen ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({"POP3", "POP3S", "IMAP4", "IMAP4S"})
    void opensslImplicitTlsShouldGreetOverTlsAndLogIn(String protocol) {
        try (ClientProcess c = ClientProcess.sClient(implicit.port(protocol))) {
            if (protocol.startsWith("POP3")) {
                assertThat(c.next()).as(c.describe()).startsWith("+OK POP3 perditon ready on ");
                c.send("USER carol@example.com");
                c.next();
                c.send("PASS cpw");
                assertThat(c.next()).as(c.describe()).isEqualTo("+OK You are so in");
                c.send("LIST");
                assertThat(c.next()).as(c.describe()).startsWith("+OK");
                assertThat(c.awaitStartingWith(".")).isEqualTo(".");
                c.send("QUIT");
            } else {
                assertThat(c.next()).as(c.describe())
                        .startsWith("* OK [CAPABILITY IMAP4 IMAP4REV1 SASL-IR AUTH=PLAIN] perdition ready on ");
                c.send("t1 LOGIN carol@example.com cpw");
                assertThat(c.awaitStartingWith("t1 ")).as(c.describe()).isEqualTo("t1 OK You are so in");
                c.send("t2 EXAMINE INBOX");
                assertThat(c.awaitStartingWith("t2 ")).as(c.describe()).startsWith("t2 OK [READ-ONLY]");
                c.send("t3 LOGOUT");
            }
            assertThat(c.awaitExit()).as(c.describe()).isZero();   // close_notify before the FIN
        }
        assertThat(TlsFixtures.awaitLog(implicitLog, "protocol=" + protocol + " server-secure=plaintext status=\"ok\""))
                .containsPattern("client-secure=ssl [^\n]*protocol=" + protocol + " server-secure=plaintext");
    }

    /** A session the proxy itself ends (QUIT before login) closes TLS properly: close_notify, then FIN. */
    @Test
    void pop3QuitBeforeLoginShouldEndTheImplicitTlsSessionWithCloseNotify() {
        try (ClientProcess c = ClientProcess.sClient(implicit.port("POP3"))) {
            assertThat(c.next()).as(c.describe()).startsWith("+OK POP3 perditon ready on ");
            c.send("QUIT");
            assertThat(c.next()).as(c.describe()).isEqualTo("+OK QUIT");
            int exit = c.awaitExit();
            assertThat(c.stderr()).as(c.describe()).doesNotContain("unexpected eof while reading");
            assertThat(exit).as(c.describe()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pop3s, POP3S, /1", "imaps, IMAP4S, /INBOX/;MAILINDEX=1"})
    void curlImplicitTlsShouldReadTheDeliveredMessage(String scheme, String protocol, String path) {
        RealClients.Result r = curl("--cacert", TestCertificates.get().caCert.toString(), "-u", "bob:pa ss word",
                scheme + "://127.0.0.1:" + implicit.port(protocol) + path);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("Subject: " + SUBJECT + "bob");
    }

    // ---- curl: STLS and STARTTLS required (--ssl-reqd) ----

    @Test
    void curlPop3WithSslReqdShouldUseStlsAndReadTheDeliveredMessage() {
        RealClients.Result r = curl("--ssl-reqd", "--cacert", TestCertificates.get().caCert.toString(),
                "-u", "carol@example.com:cpw", "pop3://127.0.0.1:" + listen.port("POP3") + "/1");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("Subject: " + SUBJECT + "carol@example.com").contains("hello over TLS");
        // the Auth line is written by the events thread, a moment after the login (docs/events.md)
        assertThat(TlsFixtures.awaitLog(listenLog, "\"carol@example.com\" server=")).containsPattern(
                "client-secure=starttls [^\n]*\"carol@example.com\"[^\n]*protocol=POP3 server-secure=plaintext");
    }

    @Test
    void curlImapWithSslReqdShouldUseStarttlsAndListInbox() {
        RealClients.Result r = curl("--ssl-reqd", "--cacert", TestCertificates.get().caCert.toString(),
                "-u", "carol@example.com:cpw", "imap://127.0.0.1:" + listen.port("IMAP4") + "/");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("INBOX");
        RealClients.Result fetch = curl("--ssl-reqd", "--cacert", TestCertificates.get().caCert.toString(),
                "-u", "carol@example.com:cpw", "imap://127.0.0.1:" + listen.port("IMAP4") + "/INBOX/;MAILINDEX=1");
        assertThat(fetch.exitCode()).as(fetch.describe()).isZero();
        assertThat(fetch.stdoutText()).contains("Subject: " + SUBJECT + "carol@example.com");
    }

    @Test
    void curlShouldRefuseAProxyWhoseCertificateItCannotVerify() {
        // the system trust store does not know the test CA: the real client must stop before sending credentials
        RealClients.Result r = curl("--ssl-reqd", "-u", "carol@example.com:cpw",
                "pop3://127.0.0.1:" + listen.port("POP3") + "/1");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(60);
    }

    // ---- python: poplib.stls() and imaplib.starttls() against the forced proxy, which requests a client cert ----

    @Test
    void poplibStlsShouldVerifyTheProxyAndLogInWhenTlsIsForced() {
        RealClients.Result r = python("pop3-stls", forced.port("POP3"), "alice", "secret");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("CAPA STLS UIDL USER", "STLS +OK Begin TLS negotiation, mate",
                "PASS +OK You are so in", "SUBJECT " + SUBJECT + "alice").containsPattern("TLS TLSv1\\.[23]");
    }

    @Test
    void imaplibStarttlsShouldVerifyTheProxyAndLogInWhenTlsIsForced() {
        RealClients.Result r = python("imap-starttls", forced.port("IMAP4"), "bob", "pa ss word");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("CAPABILITY IMAP4 IMAP4REV1 STARTTLS LOGINDISABLED", "STARTTLS OK",
                "LOGIN OK You are so in", "SUBJECT " + SUBJECT + "bob").containsPattern("TLS TLSv1\\.[23]");
    }

    @Test
    void sieveConnectShouldRequireStarttlsVerifyTheProxyAndList() throws IOException {
        Path pw = Files.createTempFile("sieve-pw-", ".txt");
        Files.writeString(pw, "secret\n");
        try {
            RealClients.Result r = RealClients.run(List.of("bash", "-c",
                    "exec 3<\"$0\"; exec sieve-connect --server 127.0.0.1 --port \"$1\" --user alice --passwordfd 3"
                            + " --authmech PLAIN --noclearchan --tlscafile \"$2\" --list",
                    pw.toString(), Integer.toString(forced.port("MANAGESIEVE")),
                    TestCertificates.get().caCert.toString()), TlsFixtures.WAIT, null);
            assertThat(r.exitCode()).as(r.describe()).isZero();
        } finally {
            Files.deleteIfExists(pw);
        }
        assertThat(TlsFixtures.awaitLog(forcedLog, "protocol=MANAGESIEVE server-secure=plaintext status=\"ok\""))
                .containsPattern("client-secure=starttls [^\n]*protocol=MANAGESIEVE server-secure=plaintext "
                        + "status=\"ok\"");
    }

    // ---- client certificates: the forced proxy has ssl_ca_file, so it requests one (perdition's default) ----

    @Test
    void opensslWithAClientCertificateFromTheCaShouldLogInWhenOneIsRequested() {
        TestCertificates certs = TestCertificates.get();
        try (ClientProcess c = ClientProcess.sClient(forced.port("POP3"), "-starttls", "pop3",
                "-cert", certs.clientCert.toString(), "-key", certs.clientKey.toString())) {
            c.send("USER bob");
            assertThat(c.next()).as(c.describe()).isEqualTo("+OK USER bob set, mate");
            c.send("PASS pa ss word");
            assertThat(c.next()).as(c.describe()).isEqualTo("+OK You are so in");
            c.send("QUIT");
            assertThat(c.next()).as(c.describe()).startsWith("+OK Logging out");
            c.awaitExit();
        }
    }

    @Test
    void opensslWithAnUntrustedClientCertificateShouldFailTheHandshake() {
        TestCertificates certs = TestCertificates.get();
        try (ClientProcess c = ClientProcess.sClient(forced.port("POP3"), "-starttls", "pop3",
                "-cert", certs.rogueClientCert.toString(), "-key", certs.clientKey.toString())) {
            // with TLS 1.3 the client finishes its side first; the proxy's alert ends the session at the next read
            c.send("USER bob");
            int exit = c.awaitExit();
            assertThat(c.transcript()).as(c.describe()).noneMatch(l -> l.startsWith("+OK"));
            assertThat(exit).as(c.describe()).isNotZero();
            assertThat(c.stderr()).as(c.describe()).contains("SSL alert number");
        }
    }

    // ---- timeout after login on TLS: perdition's goodbye and the close go through TLS as well ----

    @Test
    void idleSplicedSessionsOnStarttlsShouldGetTheirGoodbyeAndCloseNotifyOverTls() throws Exception {
        Map<String, String> o = TlsFixtures.listenOptions("tls_listen", TlsFixtures.newLog());
        o.put("ssl_no_client_cert_verify", "true");
        o.put("timeout", "2");
        o.put("error_delay", "500");
        Map<String, Integer> two = new LinkedHashMap<>();
        two.put("MANAGESIEVE", DOVECOT.sievePort());
        two.put("POP3", DOVECOT.pop3Port());
        try (TlsFixtures.Proxy idle = TlsFixtures.startProxy(o, two)) {
            try (LineClient c = new LineClient(idle.port("MANAGESIEVE"))) {
                TlsFixtures.sieveResponse(c);
                assertThat(c.send("STARTTLS").readLine()).isEqualTo("OK \"Begin TLS negotiation, mate\"");
                c.startTls(TlsFixtures.trustingTestCa());
                TlsFixtures.sieveResponse(c);   // the capabilities, unasked
                assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + TlsFixtures.plain("alice", "secret") + "\"").readLine())
                        .isEqualTo("OK \"You are so in\"");
                // a goodbye written in plaintext inside the TLS session would fail this read with an SSLException
                assertThat(c.timeout(10_000).readLine()).isEqualTo("BYE \"Timeout\"");
                assertThat(c.readLine()).as("close_notify, then the close").isNull();
            }
            try (LineClient c = new LineClient(idle.port("POP3"))) {
                assertThat(c.readLine()).startsWith("+OK ");
                assertThat(c.send("STLS").readLine()).isEqualTo("+OK Begin TLS negotiation, mate");
                c.startTls(TlsFixtures.trustingTestCa());
                c.send("USER alice").readLine();
                assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
                // a close without close_notify: "SSL peer shut down incorrectly" instead of the end of the stream
                assertThat(c.timeout(10_000).readLine()).as("close_notify, then the close").isNull();
            }
        }
    }

    // ---- tls_listen_force: plaintext credentials are refused, STARTTLS then works (reference §15 cases 14, 53) ----

    @Test
    void pop3PassShouldGetLoginDisabledUntilStlsWhenTlsIsForced() throws Exception {
        try (LineClient c = new LineClient(forced.port("POP3"))) {
            assertThat(c.readLine()).startsWith("+OK POP3 perditon ready on ");
            assertThat(c.send("CAPA").readLine()).isEqualTo("+OK Capability list follows, mate");
            assertThat(new String(c.readMultiLine(), StandardCharsets.US_ASCII)).isEqualTo("UIDL\r\nUSER\r\nSTLS\r\n");
            assertThat(c.send("USER alice").readLine()).isEqualTo("+OK USER alice set, mate");
            assertThat(c.send("PASS secret").readLine()).isEqualTo("-ERR failed: Login Disabled");
            assertThat(c.send("STLS").readLine()).isEqualTo("+OK Begin TLS negotiation, mate");
            c.startTls(TlsFixtures.trustingTestCa());
            c.send("USER alice").readLine();
            assertThat(c.send("PASS wrong").readLine()).isEqualTo("-ERR failed: Re-Authentication Failure");
            // the failed login keeps the session on TLS: no STLS offered again, and the next login is let in
            assertThat(c.send("CAPA").readLine()).isEqualTo("+OK Capability list follows, mate");
            assertThat(new String(c.readMultiLine(), StandardCharsets.US_ASCII)).isEqualTo("UIDL\r\nUSER\r\n");
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            assertThat(c.send("STAT").readLine()).startsWith("+OK ");
        }
        String log = TlsFixtures.awaitLog(forcedLog, "protocol=POP3 server-secure=plaintext status=\"ok\"");
        assertThat(log).containsPattern("client-secure=plaintext [^\n]*protocol=POP3 [^\n]*"
                + "status=\"failed: Login Disabled\"");
        assertThat(log).containsPattern("client-secure=starttls [^\n]*protocol=POP3 server-secure=plaintext "
                + "status=\"ok\"");
    }

    @Test
    void imapShouldAdvertiseLoginDisabledAndRefuseLoginAndAuthenticateUntilStarttlsWhenTlsIsForced() throws Exception {
        try (LineClient c = new LineClient(forced.port("IMAP4"))) {
            assertThat(c.readLine()).startsWith("* OK [CAPABILITY IMAP4 IMAP4REV1 STARTTLS LOGINDISABLED] perdition "
                    + "ready on ");
            assertThat(c.send("a0 CAPABILITY").readLine()).isEqualTo("* CAPABILITY IMAP4 IMAP4REV1 STARTTLS "
                    + "LOGINDISABLED");
            assertThat(c.readLine()).isEqualTo("a0 OK CAPABILITY");
            assertThat(c.send("a1 LOGIN alice secret").readLine()).isEqualTo("a1 NO failed: Login Disabled");
            assertThat(c.send("a1b AUTHENTICATE PLAIN " + TlsFixtures.plain("alice", "secret")).readLine())
                    .isEqualTo("a1b NO failed: Login Disabled");
            assertThat(c.send("a2 STARTTLS").readLine()).isEqualTo("a2 OK Begin TLS negotiation now");
            c.startTls(TlsFixtures.trustingTestCa());
            assertThat(c.send("a3 CAPABILITY").readLine()).isEqualTo("* CAPABILITY IMAP4 IMAP4REV1 SASL-IR AUTH=PLAIN");
            assertThat(c.readLine()).isEqualTo("a3 OK CAPABILITY");
            assertThat(c.send("a4 STARTTLS").readLine()).isEqualTo("a4 BAD SSL already active, mate");
            // reference §15 case 53: a failed login after STARTTLS must not bring STARTTLS/LOGINDISABLED back
            assertThat(c.send("a5 LOGIN alice wrong").readLine()).isEqualTo("a5 NO failed: Re-Authentication Failure");
            assertThat(c.send("a6 CAPABILITY").readLine()).isEqualTo("* CAPABILITY IMAP4 IMAP4REV1 SASL-IR AUTH=PLAIN");
            assertThat(c.readLine()).isEqualTo("a6 OK CAPABILITY");
            c.send("a7 LOGIN alice secret");
            assertThat(TlsFixtures.tagged(c, "a7")).isEqualTo("a7 OK You are so in");
            c.send("a8 SELECT INBOX");
            assertThat(TlsFixtures.tagged(c, "a8")).startsWith("a8 OK [READ-WRITE]");
        }
        String log = TlsFixtures.awaitLog(forcedLog, "protocol=IMAP4 server-secure=plaintext status=\"ok\"");
        assertThat(log).containsPattern("client-secure=plaintext [^\n]*protocol=IMAP4 [^\n]*"
                + "status=\"failed: Login Disabled\"");
        assertThat(log).containsPattern("client-secure=starttls [^\n]*protocol=IMAP4 [^\n]*"
                + "status=\"failed: Re-Authentication Failure\"");
        assertThat(log).containsPattern("client-secure=starttls [^\n]*protocol=IMAP4 server-secure=plaintext "
                + "status=\"ok\"");
    }

    @Test
    void sieveAuthenticateShouldGetLoginDisabledUntilStarttlsWhenTlsIsForced() throws Exception {
        try (LineClient c = new LineClient(forced.port("MANAGESIEVE"))) {
            List<String> greeting = TlsFixtures.sieveResponse(c);
            assertThat(greeting.get(greeting.size() - 1)).startsWith("OK \"perdition ready on ");
            assertThat(greeting.get(greeting.size() - 2)).isEqualTo("\"STARTTLS\"");
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + TlsFixtures.plain("alice", "secret") + "\"").readLine())
                    .isEqualTo("NO \"failed: Login Disabled\"");
            assertThat(c.send("STARTTLS").readLine()).isEqualTo("OK \"Begin TLS negotiation, mate\"");
            c.startTls(TlsFixtures.trustingTestCa());
            List<String> unasked = TlsFixtures.sieveResponse(c);
            assertThat(unasked.get(unasked.size() - 1)).isEqualTo("OK \"TLS negotiation completed, mate\"");
            assertThat(unasked).doesNotContain("\"STARTTLS\"").contains("\"SASL\" \"PLAIN\"");
            assertThat(c.send("STARTTLS").readLine()).isEqualTo("NO \"Unknown command, mate\"");
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + TlsFixtures.plain("alice", "wrong") + "\"").readLine())
                    .isEqualTo("NO \"failed: Re-Authentication Failure\"");
            c.send("CAPABILITY");
            List<String> again = TlsFixtures.sieveResponse(c);
            assertThat(again).doesNotContain("\"STARTTLS\"").endsWith("OK \"CAPABILITY completed, mate\"");
            assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + TlsFixtures.plain("alice", "secret") + "\"").readLine())
                    .isEqualTo("OK \"You are so in\"");
            c.send("LISTSCRIPTS");
            assertThat(TlsFixtures.sieveResponse(c)).last().asString().startsWith("OK");
        }
        String log = TlsFixtures.awaitLog(forcedLog, "protocol=MANAGESIEVE server-secure=plaintext status=\"ok\"");
        assertThat(log).containsPattern("client-secure=plaintext [^\n]*protocol=MANAGESIEVE [^\n]*"
                + "status=\"failed: Login Disabled\"");
    }

    // ---- STARTTLS command injection (CVE-2011-0411): commands in the packet after STARTTLS are never answered ----

    @Test
    void imapCommandsPipelinedAfterStarttlsShouldNeverBeAnswered() throws Exception {
        try (LineClient c = new LineClient(listen.port("IMAP4"))) {
            c.readLine();
            c.sendRaw("a1 STARTTLS\r\na2 LOGIN alice secret\r\na3 CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("a1 OK Begin TLS negotiation now");
            c.startTls(TlsFixtures.trustingTestCa());
            assertSilent(c);
            // still the proxy's pre-login dialogue: the injected LOGIN did not log in
            assertThat(c.send("b1 CAPABILITY").readLine()).isEqualTo("* CAPABILITY IMAP4 IMAP4REV1 SASL-IR AUTH=PLAIN");
            assertThat(c.readLine()).isEqualTo("b1 OK CAPABILITY");
        }
    }

    @Test
    void sieveCommandsPipelinedAfterStarttlsShouldNeverBeAnswered() throws Exception {
        try (LineClient c = new LineClient(listen.port("MANAGESIEVE"))) {
            assertThat(TlsFixtures.sieveResponse(c)).contains("\"STARTTLS\"");
            c.sendRaw(("STARTTLS\r\nAUTHENTICATE \"PLAIN\" \"" + TlsFixtures.plain("alice", "secret") + "\"\r\nCAPABILITY\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("OK \"Begin TLS negotiation, mate\"");
            c.startTls(TlsFixtures.trustingTestCa());
            // only the capabilities RFC 5804 sends after the handshake
            assertThat(TlsFixtures.sieveResponse(c)).doesNotContain("\"STARTTLS\"")
                    .endsWith("OK \"TLS negotiation completed, mate\"");
            assertSilent(c);
            c.send("CAPABILITY");
            assertThat(TlsFixtures.sieveResponse(c)).endsWith("OK \"CAPABILITY completed, mate\"");
        }
    }

    /** Nothing arrives for 1.5 s (a read times out rather than giving a line or EOF). */
    private static void assertSilent(LineClient c) throws IOException {
        c.timeout(1500);
        try {
            String line = c.readLine();
            fail("nothing may be answered, but got " + (line == null ? "EOF" : "\"" + line + "\""));
        } catch (SocketTimeoutException expected) {
            // silence
        }
        c.timeout(15_000);
    }

    private static RealClients.Result curl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "30"));
        cmd.addAll(List.of(args));
        return RealClients.run(cmd, TlsFixtures.WAIT.plusSeconds(15), null);
    }

    private static RealClients.Result python(String mode, int port, String user, String password) {
        return RealClients.run(List.of("python3", RealClients.script("tls_session.py").toString(), mode, TlsFixtures.HOST,
                Integer.toString(port), user, password, TestCertificates.get().caCert.toString()),
                TlsFixtures.WAIT.plusSeconds(15), null);
    }
}
