package org.perditioncamel.tls;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.perditioncamel.it.DovecotServer;

/**
 * A {@link DovecotServer} with TLS: {@code ssl = yes} with the given certificate and key (so the plaintext POP3, IMAP
 * and ManageSieve ports offer STLS/STARTTLS), plus implicit-TLS pop3s and imaps listeners on free loopback ports.
 * Built with {@link DovecotServer#withExtraConfig}: Dovecot merges the repeated {@code service … { inet_listener … }}
 * blocks with the generated ones (checked with doveconf -n), so the fixture itself needs no change.
 */
final class TlsDovecot implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    final DovecotServer server;
    final int pop3sPort;
    final int imapsPort;
    private final String certificateName;

    TlsDovecot(Path certificate, Path key) {
        int[] ports = TlsFixtures.freePorts(2);
        this.pop3sPort = ports[0];
        this.imapsPort = ports[1];
        this.certificateName = certificate.getFileName().toString();
        this.server = new DovecotServer().withExtraConfig(String.join("\n",
                "ssl = yes",
                "ssl_cert = <" + certificate,
                "ssl_key = <" + key,
                // Dovecot joins these with ", "; %c is "TLS" for implicit TLS and after STARTTLS, "secured" for
                // plaintext from the trusted loopback
                "login_log_format_elements = user=<%u> method=%m rip=%r rport=%{rport} lip=%l lport=%{lport} %c",
                "service pop3-login {",
                "  inet_listener pop3s {",
                "    address = 127.0.0.1",
                "    port = " + pop3sPort,
                "    ssl = yes",
                "  }",
                "}",
                "service imap-login {",
                "  inet_listener imaps {",
                "    address = 127.0.0.1",
                "    port = " + imapsPort,
                "    ssl = yes",
                "  }",
                "}"));
    }

    /** Dovecot serving the test CA's good localhost certificate (SAN DNS:localhost, IP:127.0.0.1). */
    static TlsDovecot withGoodCertificate() {
        TestCertificates certs = TestCertificates.get();
        return new TlsDovecot(certs.serverCert, certs.serverKey);
    }

    TlsDovecot start() {
        server.start();
        try {
            // the implicit listeners belong to the same login services as the plaintext ones the fixture waits for
            TlsFixtures.awaitListening(pop3sPort);
            TlsFixtures.awaitListening(imapsPort);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Dovecot's successful logins of {@code user} so far. */
    String logins(String user) {
        StringBuilder out = new StringBuilder();
        for (String line : server.log().split("\n")) {
            if (line.contains("Login: user=<" + user + ">")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Waits until Dovecot logged at least {@code count} logins of {@code user}; returns those lines. */
    String awaitLogins(String user, int count) {
        long end = System.nanoTime() + TlsFixtures.WAIT.toNanos();
        String lines = logins(user);
        while (lines.split("\n", -1).length - 1 < count && System.nanoTime() < end) {
            TlsFixtures.sleep(100);
            lines = logins(user);
        }
        return lines;
    }

    @Override
    public String toString() {
        return "Dovecot with " + certificateName + " (pop3 " + server.pop3Port() + ", imap " + server.imapPort()
                + ", sieve " + server.sievePort() + ", pop3s " + pop3sPort + ", imaps " + imapsPort + ")";
    }
}
