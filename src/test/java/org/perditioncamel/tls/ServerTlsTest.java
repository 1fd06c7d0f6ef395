package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.perditioncamel.config.Settings;

class ServerTlsTest {
    private static TestCertificates certs;
    private final TlsLoopback loopback = new TlsLoopback();

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
    void clientShouldGetTheConfiguredCertificateWithEitherProvider(SslProvider provider) throws Exception {
        ServerTls tls = ServerTls.create(settings(), provider, Clock.systemUTC());
        assertThat(tls.provider()).isEqualTo(provider);
        TlsLoopback.Connection c = connect(tls, client(SslProvider.JDK, null));
        assertThat(c.handshake()).as("%s", c.failure()).isTrue();
        assertThat(c.protocol()).isEqualTo("TLSv1.3");
        assertThat(c.peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(c.echo("a line\r\n")).isEqualTo("a line\r\n");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void ecKeyInSec1FormShouldServe(SslProvider provider) throws Exception {
        ServerTls tls = ServerTls.create(settings("ssl_cert_file", certs.ecCert.toString(), "ssl_key_file",
                certs.ecKey.toString()), provider, Clock.systemUTC());
        TlsLoopback.Connection c = connect(tls, client(SslProvider.JDK, null));
        assertThat(c.handshake()).as("%s", c.failure()).isTrue();
        assertThat(c.peerCertificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void encryptedKeyShouldServeWithThePassphraseFile() throws Exception {
        ServerTls tls = ServerTls.create(settings("ssl_key_file", certs.encryptedPkcs8Key.toString(),
                "ssl_passphrase_file", certs.passphraseFile.toString()), SslProvider.JDK, Clock.systemUTC());
        assertThat(connect(tls, client(SslProvider.JDK, null)).handshake()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void clientCertificateShouldBeOptionalAndVerifiedWhenPresented(SslProvider provider) throws Exception {
        ServerTls tls = ServerTls.create(settings(), provider, Clock.systemUTC());
        assertThat(tls.requestsClientCertificates()).isTrue();
        int port = loopback.startServer(tls::newHandler);

        TlsLoopback.Connection anonymous = loopback.connect(port, client(SslProvider.JDK, null)::newHandler);
        TlsLoopback.Connection server = loopback.accepted();
        assertThat(server.handshake()).as("%s", server.failure()).isTrue();
        assertThat(anonymous.echo("x")).isEqualTo("x");
        assertThat(server.peerCertificate()).isNull();

        loopback.connect(port, client(SslProvider.JDK, certs.clientCert)::newHandler);
        server = loopback.accepted();
        assertThat(server.handshake()).as("%s", server.failure()).isTrue();
        assertThat(server.peerCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=client");

        // a JDK client sends no certificate the server's CA list does not name; openssl s_client sends it anyway
        String output = sClient(port, "-tls1_3", "-cert", certs.rogueClientCert.toString(), "-key",
                certs.clientKey.toString());
        server = loopback.accepted();
        assertThat(server.handshake()).as(output).isFalse();
        assertThat(HandshakeFailures.describe(server.failure())).isEqualTo("unable to get local issuer certificate");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void noClientCertVerifyShouldNotAskForACertificate(SslProvider provider) throws Exception {
        for (String flag : List.of("ssl_no_client_cert_verify", "ssl_no_cert_verify")) {
            ServerTls tls = ServerTls.create(settings(flag, "true"), provider, Clock.systemUTC());
            assertThat(tls.requestsClientCertificates()).isFalse();
            int port = loopback.startServer(tls::newHandler);
            loopback.connect(port, client(SslProvider.JDK, certs.rogueClientCert)::newHandler);
            TlsLoopback.Connection server = loopback.accepted();
            assertThat(server.handshake()).as("%s", server.failure()).isTrue();
            assertThat(server.peerCertificate()).isNull();
        }
    }

    @Test
    void noCaShouldMeanNoClientCertificateRequest() {
        ServerTls tls = ServerTls.create(TlsSettings.from(Settings.of(Map.of(
                "ssl_cert_file", certs.serverCert.toString(), "ssl_key_file", certs.serverKey.toString(),
                "ssl_ca_path", ""))), SslProvider.JDK, Clock.systemUTC());
        assertThat(tls.requestsClientCertificates()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void listenCiphersShouldRestrictTheNegotiatedSuite(SslProvider provider) throws Exception {
        ServerTls tls = ServerTls.create(settings("ssl_listen_ciphers", "ECDHE+AES256:!SHA1:!SHA384"), provider,
                Clock.systemUTC());
        TlsLoopback.Connection c = connect(tls, SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.2").build());
        assertThat(c.handshake()).as("%s", c.failure()).isTrue();
        assertThat(c.cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        // TLS 1.3 suites stay on whatever the string says, as OpenSSL configures them separately
        TlsLoopback.Connection tls13 = connect(tls, client(SslProvider.JDK, null));
        assertThat(tls13.handshake()).isTrue();
        assertThat(tls13.protocol()).isEqualTo("TLSv1.3");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void serverCipherOrderShouldWinUnlessNoCipherServerPreference(SslProvider provider) throws Exception {
        String ciphers = "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256";
        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.2")
                .ciphers(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"))
                .build();
        ServerTls preferring = ServerTls.create(settings("ssl_listen_ciphers", ciphers), provider, Clock.systemUTC());
        TlsLoopback.Connection c = connect(preferring, client);
        assertThat(c.handshake()).isTrue();
        assertThat(c.cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

        ServerTls following = ServerTls.create(settings("ssl_listen_ciphers", ciphers,
                "ssl_no_cipher_server_preference", "true"), provider, Clock.systemUTC());
        c = connect(following, client);
        assertThat(c.handshake()).isTrue();
        assertThat(c.cipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void protocolVersionOptionsShouldBoundTheNegotiatedVersion(SslProvider provider) throws Exception {
        ServerTls max12 = ServerTls.create(settings("ssl_listen_max_proto_version", "tlsv1.2"), provider,
                Clock.systemUTC());
        TlsLoopback.Connection c = connect(max12, client(SslProvider.JDK, null));
        assertThat(c.handshake()).isTrue();
        assertThat(c.protocol()).isEqualTo("TLSv1.2");

        ServerTls min13 = ServerTls.create(settings("ssl_listen_min_proto_version", "TLSv1.3"), provider,
                Clock.systemUTC());
        c = connect(min13, SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols("TLSv1.2").build());
        assertThat(c.handshake()).isFalse();
        assertThat(HandshakeFailures.describe(c.failure())).isEqualTo("no TLS protocol version in common");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void tls11ClientShouldBeRefused(SslProvider provider) throws Exception {
        ServerTls tls = ServerTls.create(settings(), provider, Clock.systemUTC());
        int port = loopback.startServer(tls::newHandler);
        String tls12 = sClient(port, "-tls1_2");
        assertThat(tls12).contains("Protocol  : TLSv1.2");
        String tls11 = sClient(port, "-tls1_1");
        assertThat(tls11).contains("alert protocol version").contains("Cipher is (NONE)");
        assertThat(loopback.accepted().handshake()).isTrue();
        assertThat(loopback.accepted().handshake()).isFalse();
    }

    @Test
    void refusedProtocolVersionsShouldBeStartupErrors() {
        for (String old : List.of("sslv3", "tlsv1", "tlsv1.1")) {
            assertThatThrownBy(() -> ServerTls.create(settings("ssl_listen_min_proto_version", old), SslProvider.JDK,
                    Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ssl_listen_min_proto_version " + old + " is refused: perdition-camel speaks TLS 1.2"
                            + " and TLS 1.3 only (use tlsv1.2 or tlsv1.3)");
        }
        assertThatThrownBy(() -> ServerTls.create(settings("ssl_listen_min_proto_version", "tlsv1.3",
                "ssl_listen_max_proto_version", "tlsv1.2"), SslProvider.JDK, Clock.systemUTC()))
                .hasMessage("ssl_listen_min_proto_version tlsv1.3 is above ssl_listen_max_proto_version tlsv1.2");
    }

    @Test
    void badFilesShouldBeStartupErrorsNamingTheFile() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "not a certificate\n");
        assertThatThrownBy(() -> ServerTls.create(settings("ssl_cert_file", garbage.toString()), SslProvider.JDK,
                Clock.systemUTC())).hasMessage("ssl_cert_file " + garbage + ": no PEM certificate");
        Path missing = tmp.resolve("missing.pem");
        assertThatThrownBy(() -> ServerTls.create(settings("ssl_cert_file", missing.toString()), SslProvider.JDK,
                Clock.systemUTC())).hasMessageStartingWith("ssl_cert_file " + missing + ": cannot read");
        assertThatThrownBy(() -> ServerTls.create(settings("ssl_key_file", certs.ecKey.toString()), SslProvider.JDK,
                Clock.systemUTC())).hasMessage("ssl_key_file " + certs.ecKey + " does not match the certificate in"
                + " ssl_cert_file " + certs.serverCert);
        assertThatThrownBy(() -> ServerTls.create(settings("ssl_key_file", certs.encryptedPkcs8Key.toString(),
                "ssl_passphrase_file", garbage.toString()), SslProvider.JDK, Clock.systemUTC()))
                .hasMessage("ssl_key_file " + certs.encryptedPkcs8Key + ": cannot decrypt the key, wrong passphrase"
                        + " (from ssl_passphrase_file " + garbage + ")");
        assertThatThrownBy(() -> ServerTls.create(settings("ssl_listen_ciphers", "HIHG"), SslProvider.JDK,
                Clock.systemUTC())).hasMessage("ssl_listen_ciphers HIHG: unknown cipher keyword HIHG");
    }

    @Test
    void defaultFilesShouldBePerditions() {
        assertThatThrownBy(() -> ServerTls.create(TlsSettings.from(Settings.of(Map.of("ssl_ca_path", ""))),
                SslProvider.JDK, Clock.systemUTC())).hasMessageStartingWith("ssl_cert_file /etc/perdition/perdition.crt.pem: ");
    }

    @Test
    void caChainFileShouldCompleteTheChainSentToClients() throws Exception {
        Map<String, String> leafOnly = Map.of("ssl_cert_file", certs.viaInterLeaf.toString());
        TlsLoopback.Connection incomplete = connect(ServerTls.create(settings(leafOnly), SslProvider.JDK,
                Clock.systemUTC()), client(SslProvider.JDK, null));
        assertThat(incomplete.handshake()).isFalse();

        Map<String, String> withChain = new HashMap<>(leafOnly);
        withChain.put("ssl_ca_chain_file", certs.interCert.toString());
        ServerTls tls = ServerTls.create(settings(withChain), SslProvider.JDK, Clock.systemUTC());
        TlsLoopback.Connection complete = connect(tls, client(SslProvider.JDK, null));
        assertThat(complete.handshake()).as("%s", complete.failure()).isTrue();
        assertThat(complete.session().getPeerCertificates()).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void reloadShouldServeTheNewCertificateToNewConnectionsOnly(SslProvider provider) throws Exception {
        Path cert = certs.copy(certs.serverCert, tmp);
        Path key = certs.copy(certs.serverKey, tmp);
        ServerTls tls = ServerTls.create(settings("ssl_cert_file", cert.toString(), "ssl_key_file", key.toString()),
                provider, Clock.systemUTC());
        int port = loopback.startServer(tls::newHandler);
        SslContext client = client(SslProvider.JDK, null);
        TlsLoopback.Connection before = loopback.connect(port, client::newHandler);
        assertThat(before.handshake()).isTrue();
        assertThat(before.echo("before")).isEqualTo("before");
        assertThat(tls.reloadIfChanged()).isFalse();

        replace(cert, certs.reloadCert);
        SslContext old = tls.current();
        assertThat(tls.reloadIfChanged()).isTrue();
        assertThat(tls.current()).isNotSameAs(old);
        TlsLoopback.Connection after = loopback.connect(port, client::newHandler);
        assertThat(after.handshake()).isTrue();
        assertThat(subject(after)).isEqualTo("CN=localhost,O=Reloaded");
        assertThat(before.echo("still there")).isEqualTo("still there");
        assertThat(subject(before)).isEqualTo("CN=localhost");

        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
        touch(cert, 20);
        SslContext good = tls.current();
        assertThat(tls.reloadIfChanged()).isFalse();
        assertThat(tls.current()).isSameAs(good);
        TlsLoopback.Connection stillGood = loopback.connect(port, client::newHandler);
        assertThat(stillGood.handshake()).isTrue();
        assertThat(subject(stillGood)).isEqualTo("CN=localhost,O=Reloaded");
    }

    @Test
    void startTlsHandlerShouldSendTheFirstWriteInPlainText() throws Exception {
        ServerTls tls = ServerTls.create(settings(), SslProvider.JDK, Clock.systemUTC());
        List<SslHandler> serverHandlers = new ArrayList<>();
        io.netty.channel.Channel serverChannel = new io.netty.bootstrap.ServerBootstrap().group(loopback.group())
                .channel(io.netty.channel.socket.nio.NioServerSocketChannel.class)
                .childHandler(new io.netty.channel.ChannelInitializer<io.netty.channel.socket.SocketChannel>() {
                    @Override
                    protected void initChannel(io.netty.channel.socket.SocketChannel ch) {
                        // as after "STLS": add the handler, then write the OK that must still be plain text
                        SslHandler ssl = tls.newHandler(ch.alloc(), true);
                        serverHandlers.add(ssl);
                        ch.pipeline().addLast(ssl);
                        ch.writeAndFlush(Unpooled.copiedBuffer("+OK Begin TLS negotiation\r\n",
                                StandardCharsets.US_ASCII));
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
                ((java.net.InetSocketAddress) serverChannel.localAddress()).getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder line = new StringBuilder();
            while (line.indexOf("\n") < 0) {
                line.append((char) socket.getInputStream().read());
            }
            assertThat(line.toString()).isEqualTo("+OK Begin TLS negotiation\r\n");
            javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) trustAllJdk().getSocketFactory()
                    .createSocket(socket, "localhost", socket.getPort(), false);
            ssl.startHandshake();
            assertThat(ssl.getSession().getProtocol()).isEqualTo("TLSv1.3");
        } finally {
            serverChannel.close().sync();
        }
        assertThat(serverHandlers.get(0).handshakeFuture().await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(serverHandlers.get(0).handshakeFuture().isSuccess()).isTrue();
    }

    private static javax.net.ssl.SSLContext trustAllJdk() throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        return context;
    }

    private TlsLoopback.Connection connect(ServerTls tls, SslContext client) throws Exception {
        int port = loopback.startServer(tls::newHandler);
        return loopback.connect(port, client::newHandler);
    }

    private static String subject(TlsLoopback.Connection c) {
        X509Certificate peer = c.peerCertificate();
        return peer.getSubjectX500Principal().getName();
    }

    /** A client that trusts the test CA, optionally with a client certificate (whose key is the client key). */
    private static SslContext client(SslProvider provider, Path clientCert) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider)
                .trustManager(certs.caCert.toFile());
        if (clientCert != null) {
            builder.keyManager(clientCert.toFile(), certs.clientKey.toFile());
        }
        return builder.build();
    }

    private static void replace(Path target, Path source) throws Exception {
        Files.write(target, Files.readAllBytes(source));
        touch(target, 10);
    }

    /** Moves the modification time forward, so the change shows even on coarse file system clocks. */
    private static void touch(Path file, int seconds) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(seconds)));
    }

    private static String sClient(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-cipher", "DEFAULT@SECLEVEL=0", "-servername", "localhost"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(20, TimeUnit.SECONDS);
        return output;
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
        values.put("ssl_cert_file", certs.serverCert.toString());
        values.put("ssl_key_file", certs.serverKey.toString());
        values.put("ssl_ca_file", certs.caCert.toString());
        values.put("ssl_ca_path", "");
        values.putAll(extra);
        return TlsSettings.from(Settings.of(values));
    }

}
