package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ResourceLeakDetector;

import org.perditioncamel.config.Settings;

/**
 * Measures (prints) the cost of full handshakes over loopback with each provider on both ends: TLS 1.3, RSA 2048
 * certificate, no session resumption. A benchmark, not a test: run it with
 * {@code mvn -q test-compile exec:java -Dexec.mainClass=org.perditioncamel.tls.HandshakeCostBenchmark -Dexec.classpathScope=test}.
 */
final class HandshakeCostBenchmark {
    private static final int WARM_UP = 100;
    private static final int HANDSHAKES = 200;
    private static TestCertificates certs;

    private HandshakeCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        certs = TestCertificates.get();
        StringBuilder report = new StringBuilder("handshake cost, " + HANDSHAKES + " sequential full TLS 1.3"
                + " handshakes over loopback (connect, handshake, close), RSA 2048:\n");
        SslProvider[] providers = OpenSsl.isAvailable() ? new SslProvider[] {SslProvider.JDK, SslProvider.OPENSSL}
                : new SslProvider[] {SslProvider.JDK};
        // paranoid leak detection (the surefire default here) records every buffer and would dominate the numbers
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try {
            for (SslProvider provider : providers) {
                report.append(String.format("  server %-7s client %-7s %.2f ms per handshake%n", provider, provider,
                        measure(provider, provider)));
            }
            if (OpenSsl.isAvailable()) {
                // the listening side's own share: the same fast client against a JDK server
                report.append(String.format("  server %-7s client %-7s %.2f ms per handshake%n", SslProvider.JDK,
                        SslProvider.OPENSSL, measure(SslProvider.JDK, SslProvider.OPENSSL)));
            }
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
        System.out.print(report);
    }

    private static double measure(SslProvider provider, SslProvider clientProvider) throws Exception {
        ServerTls server = ServerTls.create(TlsSettings.from(Settings.of(Map.of(
                "ssl_cert_file", certs.serverCert.toString(), "ssl_key_file", certs.serverKey.toString(),
                "ssl_ca_path", ""))), provider, Clock.systemUTC());
        SslContext client = SslContextBuilder.forClient().sslProvider(clientProvider)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        try (TlsLoopback loopback = new TlsLoopback()) {
            int port = loopback.startServer(server::newHandler);
            for (int i = 0; i < WARM_UP; i++) {
                once(loopback, port, client);
            }
            long start = System.nanoTime();
            for (int i = 0; i < HANDSHAKES; i++) {
                once(loopback, port, client);
            }
            return (System.nanoTime() - start) / 1e6 / HANDSHAKES;
        }
    }

    private static void once(TlsLoopback loopback, int port, SslContext client) throws Exception {
        TlsLoopback.Connection c = loopback.connect(port, client::newHandler);
        assertThat(c.handshake()).isTrue();
        c.close();
        loopback.accepted();
    }
}
