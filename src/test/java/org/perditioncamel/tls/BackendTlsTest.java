package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perditioncamel.config.Settings;

class BackendTlsTest {
    private static TestCertificates certs;
    private final TlsLoopback loopback = new TlsLoopback();
    private int port;

    @TempDir
    Path tmp;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.get();
    }

    @AfterEach
    void stop() {
        loopback.close();
    }

    static Stream<SslProvider> providers() {
        return OpenSsl.isAvailable() ? Stream.of(SslProvider.JDK, SslProvider.OPENSSL) : Stream.of(SslProvider.JDK);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void backendShouldBeTrustedWhenSignedByTheConfiguredCa(SslProvider provider) throws Exception {
        TlsLoopback.Connection c = handshake(provider, certs.serverCert, "localhost", settings());
        assertThat(c.handshake()).as("%s", c.failure()).isTrue();
        assertThat(c.echo("hello")).isEqualTo("hello");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void expiredCertificateShouldBeRejectedUnlessAccepted(SslProvider provider) throws Exception {
        assertThat(failure(provider, certs.expiredCert, "localhost", settings())).isEqualTo("certificate expired");
        assertThat(handshake(provider, certs.expiredCert, "localhost",
                settings("ssl_cert_accept_expired", "true")).handshake()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void notYetValidCertificateShouldBeRejectedUnlessAccepted(SslProvider provider) throws Exception {
        assertThat(failure(provider, certs.notYetValidCert, "localhost", settings()))
                .isEqualTo("certificate not yet valid");
        assertThat(handshake(provider, certs.notYetValidCert, "localhost",
                settings("ssl_cert_accept_not_yet_valid", "true")).handshake()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void selfSignedCertificateShouldBeRejectedUnlessAccepted(SslProvider provider) throws Exception {
        assertThat(failure(provider, certs.selfSignedCert, "localhost", settings()))
                .isEqualTo("self-signed certificate");
        assertThat(handshake(provider, certs.selfSignedCert, "localhost",
                settings("ssl_cert_accept_self_signed", "true")).handshake()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void selfSignedCaInTheChainShouldBeRejectedUnlessAccepted(SslProvider provider) throws Exception {
        assertThat(failure(provider, certs.rogueChain, "localhost", settings()))
                .isEqualTo("self-signed certificate in chain");
        assertThat(handshake(provider, certs.rogueChain, "localhost",
                settings("ssl_ca_accept_self_signed", "true")).handshake()).isTrue();
        // the flag for a self-signed leaf does not cover a self-signed CA
        assertThat(failure(provider, certs.rogueChain, "localhost", settings("ssl_cert_accept_self_signed", "true")))
                .isEqualTo("self-signed certificate in chain");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void wrongNameShouldBeRejectedUnlessNoCnVerify(SslProvider provider) throws Exception {
        assertThat(failure(provider, certs.wrongNameCert, "localhost", settings()))
                .isEqualTo("host name mismatch: expected localhost, certificate is for other.example");
        assertThat(handshake(provider, certs.wrongNameCert, "localhost", settings("ssl_no_cn_verify", "true"))
                .handshake()).isTrue();
    }

    @Test
    void noCertVerifyShouldSkipTheChainButStillCheckTheName() throws Exception {
        Map<String, String> values = Map.of("ssl_no_cert_verify", "true", "ssl_ca_file", "/nonexistent/ca.pem");
        assertThat(handshake(SslProvider.JDK, certs.selfSignedCert, "localhost", settings(values)).handshake())
                .isTrue();
        assertThat(handshake(SslProvider.JDK, certs.expiredCert, "localhost", settings(values)).handshake())
                .isTrue();
        assertThat(failure(SslProvider.JDK, certs.wrongNameCert, "localhost", settings(values)))
                .startsWith("host name mismatch: expected localhost");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void ipAddressShouldMatchTheIpSubjectAltName(SslProvider provider) throws Exception {
        assertThat(handshake(provider, certs.serverCert, "127.0.0.1", settings()).handshake()).isTrue();
        assertThat(failure(provider, certs.wrongNameCert, "127.0.0.1", settings()))
                .startsWith("host name mismatch: expected 127.0.0.1");
    }

    @Test
    void chainDeeperThanVerifyDepthShouldBeRejected() throws Exception {
        // leaf (depth 0) <- intermediate (1) <- trusted root (2)
        assertThat(handshake(SslProvider.JDK, certs.viaInterChain, "localhost", settings()).handshake()).isTrue();
        assertThat(handshake(SslProvider.JDK, certs.viaInterChain, "localhost",
                settings("ssl_cert_verify_depth", "2")).handshake()).isTrue();
        assertThat(failure(SslProvider.JDK, certs.viaInterChain, "localhost", settings("ssl_cert_verify_depth", "1")))
                .isEqualTo("certificate chain too long: depth 2 > ssl_cert_verify_depth 1");
    }

    @Test
    void unknownCaShouldBeRejectedWithTheJdkTrustStoreAsDefault() throws Exception {
        TlsSettings noCa = TlsSettings.from(Settings.of(Map.of("ssl_ca_path", "")));
        assertThat(failure(SslProvider.JDK, certs.serverCert, "localhost", noCa))
                .isEqualTo("unable to get local issuer certificate");
    }

    @Test
    void caPathDirectoryShouldBeTrusted() throws Exception {
        Files.copy(certs.caCert, tmp.resolve("0badcafe.0"));
        Files.writeString(tmp.resolve("README"), "not a certificate");
        TlsSettings caPath = TlsSettings.from(Settings.of(Map.of("ssl_ca_path", tmp.toString())));
        assertThat(handshake(SslProvider.JDK, certs.serverCert, "localhost", caPath).handshake()).isTrue();
    }

    @Test
    void sniShouldCarryTheHostNameButNotAnIpAddress() throws Exception {
        TlsLoopback.Connection byName = handshake(SslProvider.JDK, certs.serverCert, "localhost", settings());
        assertThat(byName.handshake()).isTrue();
        TlsLoopback.Connection server = loopback.accepted();
        server.handshake();
        assertThat(((ExtendedSSLSession) server.session()).getRequestedServerNames())
                .containsExactly(new SNIHostName("localhost"));

        BackendTls backend = BackendTls.create(settings(), SslProvider.JDK, Clock.systemUTC());
        TlsLoopback.Connection byAddress = loopback.connect(port, alloc -> backend.newHandler(alloc, "127.0.0.1",
                port));
        assertThat(byAddress.handshake()).isTrue();
        TlsLoopback.Connection server2 = loopback.accepted();
        server2.handshake();
        assertThat(((ExtendedSSLSession) server2.session()).getRequestedServerNames()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void outgoingCiphersShouldRestrictTheNegotiatedSuite(SslProvider provider) throws Exception {
        TlsLoopback.Connection c = handshake(provider, certs.serverCert, "localhost",
                settings("ssl_outgoing_ciphers", "ECDHE-RSA-AES128-GCM-SHA256", "ssl_outgoing_max_proto_version",
                        "tlsv1.2"));
        assertThat(c.handshake()).as("%s", c.failure()).isTrue();
        assertThat(c.protocol()).isEqualTo("TLSv1.2");
        assertThat(c.cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void protocolMismatchShouldBeDescribedInOneLine() throws Exception {
        SslContext server = SslContextBuilder.forServer(certs.serverCert.toFile(), certs.serverKey.toFile())
                .sslProvider(SslProvider.JDK).protocols("TLSv1.2").build();
        port = loopback.startServer(server::newHandler);
        BackendTls backend = BackendTls.create(settings("ssl_outgoing_min_proto_version", "tlsv1.3"),
                SslProvider.JDK, Clock.systemUTC());
        TlsLoopback.Connection c = loopback.connect(port, alloc -> backend.newHandler(alloc, "localhost", port));
        assertThat(c.handshake()).isFalse();
        assertThat(BackendTls.describeFailure(c.failure())).isEqualTo("no TLS protocol version in common");
    }

    @Test
    void refusedProtocolVersionShouldBeAStartupError() {
        assertThatThrownBy(() -> BackendTls.create(settings("ssl_outgoing_min_proto_version", "tlsv1.1"),
                SslProvider.JDK, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ssl_outgoing_min_proto_version tlsv1.1 is refused")
                .hasMessageContaining("TLS 1.2 and TLS 1.3 only");
    }

    @Test
    void missingCaFileShouldBeAStartupErrorNamingIt() {
        assertThatThrownBy(() -> BackendTls.create(settings("ssl_ca_file", "/nonexistent/ca.pem"), SslProvider.JDK,
                Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ssl_ca_file /nonexistent/ca.pem: cannot read");
    }

    private TlsLoopback.Connection handshake(SslProvider provider, Path serverChain, String host, TlsSettings settings)
            throws Exception {
        SslContext server = SslContextBuilder.forServer(serverChain.toFile(), certs.serverKey.toFile())
                .sslProvider(provider).build();
        port = loopback.startServer(server::newHandler);
        BackendTls backend = BackendTls.create(settings, provider, Clock.systemUTC());
        return loopback.connect(port, alloc -> backend.newHandler(alloc, host, port));
    }

    private String failure(SslProvider provider, Path serverChain, String host, TlsSettings settings) throws Exception {
        TlsLoopback.Connection c = handshake(provider, serverChain, host, settings);
        assertThat(c.handshake()).as("handshake with %s should fail", serverChain.getFileName()).isFalse();
        return BackendTls.describeFailure(c.failure());
    }

    private static TlsSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return settings(values);
    }

    private static TlsSettings settings(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("ssl_ca_file", certs.caCert.toString());
        values.put("ssl_ca_path", "");
        values.putAll(extra);
        return TlsSettings.from(Settings.of(values));
    }

}
