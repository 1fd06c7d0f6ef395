package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perditioncamel.testing.LineClient;

/**
 * The proxy's checks of the backend certificate against a real Dovecot serving, in turn, an expired, a not yet valid,
 * a self-signed and a wrong-name certificate (one Dovecot per certificate, all with the test CA's key): the login
 * fails with "Connection Negotiation Failure" before any credential reaches Dovecot, and succeeds with the one accept
 * option for that defect. Both implicit TLS (ssl_outgoing to pop3s) and STLS (tls_outgoing) are checked.
 *
 * <p>One proxy per option set serves every Dovecot: with client_server_specification the client names the backend
 * ({@code USER alice@127.0.0.1:port}, the backend gets {@code USER alice}), which keeps the number of proxy starts and
 * stops (about 2 s each) down.
 */
class TlsBackendCertificateIT {
    private static final Map<String, TlsDovecot> DOVECOTS = new LinkedHashMap<>();
    /** Proxies by ssl_mode and extra option, with their log files. */
    private static final Map<String, TlsFixtures.Proxy> PROXIES = new LinkedHashMap<>();
    private static final Map<String, Path> LOGS = new LinkedHashMap<>();

    @AfterAll
    static void stopAll() {
        TlsFixtures.closeAll(PROXIES.values());
        TlsFixtures.closeAll(DOVECOTS.values());
    }

    /** One Dovecot per certificate, started on first use. */
    private static synchronized TlsDovecot dovecot(String certificate) {
        return DOVECOTS.computeIfAbsent(certificate, name -> {
            TestCertificates certs = TestCertificates.get();
            Path cert = switch (name) {
                case "expired" -> certs.expiredCert;
                case "not-yet-valid" -> certs.notYetValidCert;
                case "self-signed" -> certs.selfSignedCert;
                case "wrong-name" -> certs.wrongNameCert;
                default -> throw new IllegalArgumentException(name);
            };
            return new TlsDovecot(cert, certs.serverKey).start();
        });
    }

    @ParameterizedTest(name = "{0} certificate, {1}, accepted with {2}")
    @CsvSource({
        "expired,       ssl_outgoing, ssl_cert_accept_expired",
        "not-yet-valid, ssl_outgoing, ssl_cert_accept_not_yet_valid",
        "self-signed,   ssl_outgoing, ssl_cert_accept_self_signed",
        "wrong-name,    ssl_outgoing, ssl_no_cn_verify",
        "expired,       tls_outgoing, ssl_cert_accept_expired",
        "self-signed,   tls_outgoing, ssl_cert_accept_self_signed",
        "wrong-name,    tls_outgoing, ssl_no_cn_verify"})
    void backendCertificateShouldFailTheLoginByDefaultAndPassWithItsAcceptOption(String certificate, String sslMode,
            String acceptOption) throws Exception {
        TlsDovecot dovecot = dovecot(certificate);
        int before = dovecot.logins("alice").lines().toList().size();

        Attempt refused = login(dovecot, sslMode, null);
        assertThat(refused.answer()).as("%s with %s by default; proxy log:\n%s", dovecot, sslMode, refused.log())
                .isEqualTo("-ERR failed: Connection Negotiation Failure");
        assertThat(refused.authLine()).contains("server=\"127.0.0.1:").contains("status=\"failed: Connection Negotiation "
                + "Failure\"");
        assertThat(refused.log()).contains("Fatal error establishing SSL connection to backend");
        // no credential went to Dovecot: not a single login, nor a failed authentication
        assertThat(dovecot.logins("alice").lines().toList()).as(dovecot.server.log()).hasSize(before);
        assertThat(dovecot.server.log()).doesNotContain("auth failed").doesNotContain("Password mismatch");

        Attempt accepted = login(dovecot, sslMode, acceptOption);
        assertThat(accepted.answer()).as("%s with %s and %s; proxy log:\n%s", dovecot, sslMode, acceptOption, accepted.log())
                .isEqualTo("+OK You are so in");
        String secure = sslMode.equals("ssl_outgoing") ? "ssl" : "starttls";
        assertThat(accepted.authLine()).contains("protocol=POP3 server-secure=" + secure + " status=\"ok\"");
        assertThat(dovecot.awaitLogins("alice", before + 1).lines().toList()).hasSize(before + 1)
                .last().asString().contains("TLS");
    }

    /**
     * perdition's ssl_no_cert_verify skips the chain check but still checks the name (reference §2.2): a self-signed
     * certificate for localhost passes, a CA-signed one for another name does not.
     */
    @ParameterizedTest(name = "{0} certificate: {1}")
    @CsvSource({
        "self-signed, +OK You are so in",
        "wrong-name,  -ERR failed: Connection Negotiation Failure"})
    void noCertVerifyShouldSkipTheChainCheckButNotTheNameCheck(String certificate, String expected) throws Exception {
        TlsDovecot dovecot = dovecot(certificate);
        Attempt result = login(dovecot, "ssl_outgoing", "ssl_no_cert_verify");
        assertThat(result.answer()).as("proxy log:\n%s", result.log()).isEqualTo(expected);
    }

    /** Each accept option tolerates its own defect only: the others still fail the handshake. */
    @ParameterizedTest(name = "{0} certificate with {1}")
    @CsvSource({
        "wrong-name,    ssl_cert_accept_expired",
        "expired,       ssl_no_cn_verify",
        "not-yet-valid, ssl_cert_accept_expired",
        "self-signed,   ssl_cert_accept_not_yet_valid",
        "expired,       ssl_cert_accept_self_signed"})
    void acceptOptionShouldNotCoverAnotherDefect(String certificate, String otherOption) throws Exception {
        TlsDovecot dovecot = dovecot(certificate);
        Attempt attempt = login(dovecot, "ssl_outgoing", otherOption);
        assertThat(attempt.answer()).as("proxy log:\n%s", attempt.log())
                .isEqualTo("-ERR failed: Connection Negotiation Failure");
    }

    /** A misconfiguration: ssl_outgoing to a plaintext port. The handshake fails at once; nothing is sent in clear. */
    @org.junit.jupiter.api.Test
    void sslOutgoingToAPlaintextPortShouldFailWithoutSendingCredentials() throws Exception {
        TlsDovecot dovecot = dovecot("expired");
        TlsFixtures.Proxy proxy = proxy("ssl_outgoing", null);
        long start = System.nanoTime();
        try (LineClient c = new LineClient(proxy.port("POP3"))) {
            c.readLine();
            c.send("USER bob@127.0.0.1:" + dovecot.server.pop3Port()).readLine();
            assertThat(c.send("PASS pa ss word").readLine()).isEqualTo("-ERR failed: Connection Negotiation Failure");
        }
        assertThat(System.nanoTime() - start).as("no wait for a timeout").isLessThan(5_000_000_000L);
        assertThat(dovecot.logins("bob")).isEmpty();
    }

    /** The shared proxy for this ssl_mode and option (or none), started on first use. */
    private static synchronized TlsFixtures.Proxy proxy(String sslMode, String option) throws Exception {
        String key = sslMode + (option == null ? "" : "+" + option);
        TlsFixtures.Proxy proxy = PROXIES.get(key);
        if (proxy == null) {
            Path log = TlsFixtures.newLog();
            Map<String, String> o = new LinkedHashMap<>();
            o.put("ssl_mode", sslMode);
            o.put("ssl_ca_file", TestCertificates.get().caCert.toString());
            o.put("log_facility", log.toString());
            o.put("client_server_specification", "true");
            if (option != null) {
                o.put(option, "true");
            }
            // the backend comes from the user name; outgoing_port is only the unused default
            proxy = TlsFixtures.startProxy(o, Map.of("POP3", 110));
            PROXIES.put(key, proxy);
            LOGS.put(key, log);
        }
        return proxy;
    }

    /**
     * Logs in as alice through the proxy for ssl_mode + option to this Dovecot (pop3s for ssl_outgoing, pop3 + STLS
     * for tls_outgoing).
     */
    private static Attempt login(TlsDovecot dovecot, String sslMode, String option) throws Exception {
        TlsFixtures.Proxy proxy = proxy(sslMode, option);
        Path log = LOGS.get(sslMode + (option == null ? "" : "+" + option));
        int port = sslMode.equals("ssl_outgoing") ? dovecot.pop3sPort : dovecot.server.pop3Port();
        int authLines = TlsFixtures.authLines(log).size();
        int fatalBefore = fatalLines(log);
        String answer;
        try (LineClient c = new LineClient(proxy.port("POP3"))) {
            c.readLine();
            c.send("USER alice@127.0.0.1:" + port).readLine();
            answer = c.send("PASS secret").readLine();
            if (answer != null && answer.startsWith("+OK")) {
                assertThat(c.send("STAT").readLine()).startsWith("+OK ");
                c.send("QUIT").readLine();
            }
        }
        long end = System.nanoTime() + TlsFixtures.WAIT.toNanos();
        while (TlsFixtures.authLines(log).size() <= authLines && System.nanoTime() < end) {
            TlsFixtures.sleep(50);
        }
        // a refusal's "Fatal error" line comes from the log writer's thread, the Auth line from the events thread:
        // either may reach the file first
        while (answer != null && !answer.startsWith("+OK") && fatalLines(log) <= fatalBefore && System.nanoTime() < end) {
            TlsFixtures.sleep(50);
        }
        List<String> lines = TlsFixtures.authLines(log);
        String auth = lines.size() > authLines ? lines.get(authLines) : "(no Auth line)\n" + TlsFixtures.read(log);
        return new Attempt(answer, auth, TlsFixtures.read(log));
    }

    private static int fatalLines(Path log) {
        return (int) TlsFixtures.read(log).lines().filter(l -> l.contains("Fatal error")).count();
    }

    /** The PASS answer, the proxy's Auth line for this attempt, and its whole log (for failure messages). */
    private record Attempt(String answer, String authLine, String log) {
    }
}
