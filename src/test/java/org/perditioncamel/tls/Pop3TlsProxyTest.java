package org.perditioncamel.tls;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

import static org.assertj.core.api.Assertions.assertThat;

/** POP3 with TLS on the client side (STLS, forced STLS, implicit) and on the backend side (POP3S). */
class Pop3TlsProxyTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(
            new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.POP3, ServerSetupTest.POP3S}))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    private static Map<String, String> tlsOptions(String sslMode, Path log) {
        TestCertificates certs = TestCertificates.get();
        Map<String, String> o = new HashMap<>();
        o.put("ssl_mode", sslMode);
        o.put("ssl_cert_file", certs.serverCert.toString());
        o.put("ssl_key_file", certs.serverKey.toString());
        o.put("ssl_no_client_cert_verify", "true");
        o.put("outgoing_server", "127.0.0.1:" + backend.getPop3().getPort());
        o.put("log_facility", log.toString());
        return o;
    }

    static SSLSocketFactory trustingTestCa() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = new FileInputStream(TestCertificates.get().caCert.toFile())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    @Test
    void stlsShouldUpgradeTheSessionAndTheLogShouldSayStarttls() throws Exception {
        Path log = Files.createTempFile("perdition-", ".log");
        try (RunningProxy proxy = RunningProxy.start(tlsOptions("tls_listen", log));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            assertThat(c.send("CAPA").readLine()).isEqualTo("+OK Capability list follows, mate");
            assertThat(new String(c.readMultiLine(), StandardCharsets.US_ASCII)).isEqualTo("UIDL\r\nUSER\r\nSTLS\r\n");
            assertThat(c.send("FOO").readLine()).isEqualTo("-ERR Mate, the command is too short, must be one of STLS, CAPA, USER, PASS or QUIT");
            assertThat(c.send("STLS").readLine()).isEqualTo("+OK Begin TLS negotiation, mate");
            c.startTls(trustingTestCa());
            c.send("CAPA").readLine();
            assertThat(new String(c.readMultiLine(), StandardCharsets.US_ASCII)).isEqualTo("UIDL\r\nUSER\r\n");
            assertThat(c.send("STLS").readLine()).isEqualTo("-ERR TLS already active, mate");
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            assertThat(c.send("STAT").readLine()).startsWith("+OK");
            c.send("QUIT").readLine();
        }
        Thread.sleep(500);
        assertThat(Files.readString(log)).contains("client-secure=starttls").contains("server-secure=plaintext status=\"ok\"");
    }

    @Test
    void commandsPipelinedAfterStlsShouldNeverBeAnswered() throws Exception {
        Path log = Files.createTempFile("perdition-", ".log");
        try (RunningProxy proxy = RunningProxy.start(tlsOptions("tls_listen", log));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            // CVE-2011-0411: the CAPA and USER ride in the same packet as STLS, in plaintext
            c.sendRaw("STLS\r\nCAPA\r\nUSER injected\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.readLine()).isEqualTo("+OK Begin TLS negotiation, mate");
            c.startTls(trustingTestCa());
            assertThat(c.silentFor(1500)).isTrue();   // no answer to CAPA or USER: the injected commands were dropped
            assertThat(c.send("PASS secret").readLine()).isEqualTo("-ERR USER not yet set, mate");
        }
    }

    @Test
    void forcedTlsShouldRefusePlaintextLoginsUntilStls() throws Exception {
        Path log = Files.createTempFile("perdition-", ".log");
        try (RunningProxy proxy = RunningProxy.start(tlsOptions("tls_listen_force", log));
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("-ERR failed: Login Disabled");
            c.send("STLS").readLine();
            c.startTls(trustingTestCa());
            c.send("USER alice").readLine();
            assertThat(c.send("PASS wrong").readLine()).isEqualTo("-ERR failed: Re-Authentication Failure");
            // perdition 2.2 forgets TLS after a failed login and locks the user out (reference §14 row 4)
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
        }
    }

    @Test
    void implicitTlsListenerShouldGreetOverTls() throws Exception {
        Path log = Files.createTempFile("perdition-", ".log");
        try (RunningProxy proxy = RunningProxy.start(tlsOptions("ssl_listen", log));
             LineClient c = new LineClient(trustingTestCa().createSocket("127.0.0.1", proxy.port()))) {
            assertThat(c.readLine()).startsWith("+OK POP3 perditon ready on ");
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            c.send("QUIT").readLine();
        }
        Thread.sleep(500);
        assertThat(Files.readString(log)).contains("client-secure=ssl");
    }

    @Test
    void implicitTlsToTheBackendShouldVerifyItUnlessTold() throws Exception {
        Path log = Files.createTempFile("perdition-", ".log");
        Map<String, String> o = tlsOptions("ssl_outgoing", log);
        o.put("outgoing_server", "localhost:" + backend.getPop3s().getPort());
        try (RunningProxy proxy = RunningProxy.start(o); LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER alice").readLine();
            // GreenMail's own certificate is not trusted: the handshake fails and no password is sent
            assertThat(c.send("PASS secret").readLine()).isEqualTo("-ERR failed: Connection Negotiation Failure");
        }
        o.put("ssl_no_cert_verify", "true");
        o.put("ssl_no_cn_verify", "true");
        try (RunningProxy proxy = RunningProxy.start(o); LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER alice").readLine();
            assertThat(c.send("PASS secret").readLine()).isEqualTo("+OK You are so in");
            assertThat(c.send("STAT").readLine()).startsWith("+OK");
        }
        Thread.sleep(500);
        assertThat(Files.readString(log)).contains("server-secure=ssl status=\"ok\"");
    }
}
