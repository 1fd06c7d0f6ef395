package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.it.DovecotServer;
import org.perditioncamel.testing.LineClient;

/**
 * TLS endings and refusals as real clients and servers see them: close_notify before the FIN after a relayed
 * session (RFC 8446 §6.1), and the alert that names why a certificate was refused (certificate_expired,
 * unknown_ca) rather than internal_error.
 */
class TlsAlertsAndCloseIT {
    @RegisterExtension
    static final DovecotServer DOVECOT = new DovecotServer();

    static TlsFixtures.Proxy implicit;
    static TlsFixtures.Proxy startTls;
    /** tls_listen_force with ssl_ca_file: client certificates are requested and checked. */
    static TlsFixtures.Proxy clientCertificates;
    /** Dovecot serving the expired certificate on pop3s, and a proxy with ssl_outgoing to it. */
    static TlsDovecot expiredDovecot;
    static TlsFixtures.Proxy toExpired;

    @BeforeAll
    static void startProxies() throws Exception {
        Map<String, Integer> backends = new LinkedHashMap<>();
        backends.put("POP3", DOVECOT.pop3Port());
        backends.put("IMAP4", DOVECOT.imapPort());
        Map<String, String> o = TlsFixtures.listenOptions("ssl_listen", TlsFixtures.newLog());
        o.put("ssl_no_client_cert_verify", "true");
        implicit = TlsFixtures.startProxy(o, backends);
        o = TlsFixtures.listenOptions("tls_listen", TlsFixtures.newLog());
        o.put("ssl_no_client_cert_verify", "true");
        startTls = TlsFixtures.startProxy(o, backends);
        o = TlsFixtures.listenOptions("tls_listen_force", TlsFixtures.newLog());
        o.put("ssl_ca_file", TestCertificates.get().caCert.toString());
        clientCertificates = TlsFixtures.startProxy(o, Map.of("POP3", DOVECOT.pop3Port()));

        TestCertificates certs = TestCertificates.get();
        expiredDovecot = new TlsDovecot(certs.expiredCert, certs.serverKey).start();
        o = new LinkedHashMap<>(Map.of("ssl_mode", "ssl_outgoing", "ssl_ca_file", certs.caCert.toString(),
                "log_facility", TlsFixtures.newLog().toString()));
        toExpired = TlsFixtures.startProxy(o, Map.of("POP3", expiredDovecot.pop3sPort));
    }

    @AfterAll
    static void stopProxies() {
        TlsFixtures.closeAll(implicit, startTls, clientCertificates, toExpired);
        TlsFixtures.closeAll(expiredDovecot);
    }

    /**
     * After login the splice passes the backend's FIN on with {@code DuplexChannel.shutdownOutput()}, which goes round
     * the SslHandler: the client gets a TCP FIN without a TLS close_notify alert (RFC 8446 §6.1: "Each party MUST send
     * a close_notify alert before closing its write side"). OpenSSL 3 reports a truncation attack and s_client exits
     * with 1. Dovecot's own pop3s/imaps send close_notify (s_client exits 0).
     */
    @Test
    void pop3QuitAfterLoginShouldEndTheImplicitTlsSessionWithCloseNotify() {
        try (ClientProcess c = ClientProcess.sClient(implicit.port("POP3"))) {
            assertThat(c.next()).startsWith("+OK POP3 perditon ready on ");
            c.send("USER alice");
            c.next();
            c.send("PASS secret");
            assertThat(c.next()).as(c.describe()).isEqualTo("+OK You are so in");
            c.send("QUIT");
            assertThat(c.next()).as(c.describe()).startsWith("+OK Logging out");
            int exit = c.awaitExit();
            assertThat(c.stderr()).as(c.describe()).doesNotContain("unexpected eof while reading");
            assertThat(exit).as(c.describe()).isZero();
        }
    }

    /** The same after STARTTLS: IMAP LOGOUT relayed from Dovecot, then FIN without close_notify. */
    @Test
    void imapLogoutAfterLoginShouldEndTheStarttlsSessionWithCloseNotify() {
        try (ClientProcess c = ClientProcess.sClient(startTls.port("IMAP4"), "-starttls", "imap")) {
            c.send("a1 LOGIN alice secret");
            assertThat(c.awaitStartingWith("a1 ")).as(c.describe()).isEqualTo("a1 OK You are so in");
            c.send("a2 LOGOUT");
            assertThat(c.awaitStartingWith("a2 ")).as(c.describe()).startsWith("a2 OK");
            int exit = c.awaitExit();
            assertThat(c.stderr()).as(c.describe()).doesNotContain("unexpected eof while reading");
            assertThat(exit).as(c.describe()).isZero();
        }
    }

    /**
     * Every certificate the proxy refuses (TlsVerificationException, a plain CertificateException, from
     * PerditionTrustManager/ChainVerifier) reaches the peer as TLS alert 80 internal_error: with the default provider
     * (netty-tcnative BoringSSL) Netty maps an exception it does not know to X509_V_ERR_UNSPECIFIED, which OpenSSL and
     * BoringSSL send as internal_error. A client certificate from an unknown CA should get unknown_ca (48), as
     * perdition (OpenSSL's own verification) sends; internal_error tells the client the server is broken. With
     * ssl_provider=jdk (-Dtlsit.ssl_provider=jdk) the alert is 46 certificate_unknown: vague, but not wrong.
     */
    @Test
    void untrustedClientCertificateShouldBeRefusedWithAnUnknownCaAlert() {
        TestCertificates certs = TestCertificates.get();
        try (ClientProcess c = ClientProcess.sClient(clientCertificates.port("POP3"), "-starttls", "pop3",
                "-cert", certs.rogueClientCert.toString(), "-key", certs.clientKey.toString())) {
            c.send("USER bob");
            int exit = c.awaitExit();
            assertThat(exit).as(c.describe()).isNotZero();
            assertThat(c.stderr()).as(c.describe()).contains("SSL alert number 48");
        }
    }

    /**
     * The same on the backend side: the proxy refuses Dovecot's expired certificate (correctly), but tells Dovecot
     * "internal error" (alert 80) instead of certificate_expired (45); Dovecot's log is where an operator of the
     * backend looks for the reason. (ssl_provider=jdk: 46 certificate_unknown.)
     */
    @Test
    void expiredBackendCertificateShouldBeRefusedWithACertificateExpiredAlert() throws Exception {
        try (LineClient c = new LineClient(toExpired.port("POP3"))) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("-ERR failed: Connection Negotiation Failure");
        }
        long end = System.nanoTime() + TlsFixtures.WAIT.toNanos();
        while (!expiredDovecot.server.log().contains("SSL alert number") && System.nanoTime() < end) {
            TlsFixtures.sleep(100);
        }
        assertThat(expiredDovecot.server.log()).contains("SSL alert number 45");
    }
}
