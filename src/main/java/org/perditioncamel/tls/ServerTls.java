package org.perditioncamel.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listening side's TLS context, rebuilt for new connections when its certificate files change; thread-safe. */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final TlsSettings settings;
    private final SslProvider provider;
    private final Clock clock;
    private final Path certFile;
    private final Path keyFile;
    private final Passphrase passphrase;
    private volatile SslContext current;
    private volatile boolean clientCertificates;
    private FileStamps stamps;

    private ServerTls(TlsSettings settings, SslProvider provider, Clock clock) {
        this.settings = settings;
        this.provider = provider;
        this.clock = clock;
        this.certFile = settings.certFile();
        this.keyFile = settings.keyFile();
        this.passphrase = Passphrase.from(settings);
        this.stamps = FileStamps.of(watchedFiles());
        this.current = build();
    }

    /**
     * Builds the context; a bad certificate, key, passphrase, CA file or option is an
     * {@link IllegalArgumentException} that names the option and file.
     */
    public static ServerTls from(TlsSettings settings) {
        ServerTls tls = new ServerTls(settings, TlsProviders.choose(settings), Clock.systemUTC());
        settings.dhParamsFile().ifPresent(f -> LOG.warn("ssl_dh_params_file {} is ignored: the JDK"
                + " uses the RFC 7919 groups for DHE and OpenSSL (BoringSSL) offers no DHE", f));
        LOG.info("TLS for clients: {}, certificate {}, client certificates {}", TlsProviders.describe(tls.provider),
                tls.certFile, tls.clientCertificates ? "requested" : "not requested");
        return tls;
    }

    /** For tests: a fixed provider and clock. */
    static ServerTls create(TlsSettings settings, SslProvider provider, Clock clock) {
        return new ServerTls(settings, provider, clock);
    }

    /** The newest context; take it once per connection. */
    public SslContext current() {
        return current;
    }

    /** A handler for a connection that speaks TLS from its first byte. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        return current.newHandler(alloc);
    }

    /**
     * A handler for STARTTLS/STLS: with {@code startTls} true the first write (the reply that accepts STARTTLS)
     * still goes out in plain text, so the handler can be added before that reply is written.
     */
    public SslHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
        return new SslHandler(current.newEngine(alloc), startTls);
    }

    public SslProvider provider() {
        return provider;
    }

    /** Whether clients are asked for a certificate (ClientAuth.OPTIONAL). */
    public boolean requestsClientCertificates() {
        return clientCertificates;
    }

    /**
     * Rebuilds the context if a certificate, key, passphrase or CA file changed since the last build (or attempt).
     * A new file that does not load is logged as an error and the previous context stays in use.
     *
     * @return true if a new context is now current
     */
    public synchronized boolean reloadIfChanged() {
        FileStamps now = FileStamps.of(watchedFiles());
        if (now.equals(stamps)) {
            return false;
        }
        stamps = now;
        try {
            current = build();
            LOG.info("TLS certificate for clients reloaded from {}", certFile);
            return true;
        } catch (IllegalArgumentException e) {
            LOG.error("TLS certificate reload failed, still using the previous one: {}", e.getMessage());
            return false;
        }
    }

    /** Files whose change triggers a rebuild. */
    List<Path> watchedFiles() {
        List<Path> files = new ArrayList<>(List.of(certFile, keyFile));
        passphrase.file().ifPresent(files::add);
        settings.caFile().ifPresent(files::add);
        settings.caPath().directory().ifPresent(files::add);
        settings.caChainFile().ifPresent(files::add);
        return files;
    }

    private SslContext build() {
        List<X509Certificate> caChain = TrustAnchors.caChain(settings);
        ServerCredentials credentials = ServerCredentials.load(certFile, keyFile, passphrase, caChain);
        SslContextBuilder builder = SslContextBuilder.forServer(credentials.key(), credentials.chain())
                .sslProvider(provider)
                .protocols(ProtocolVersions.from(settings.listen()));
        Optional<String> ciphers = settings.listen().ciphers();
        if (ciphers.isPresent()) {
            builder.ciphers(CipherStrings.toJsse("ssl_listen_ciphers", ciphers.get(),
                    TlsProviders.cipherSuites(provider)), SupportedCipherSuiteFilter.INSTANCE);
        }
        boolean request = !settings.noCertVerify() && !settings.noClientCertVerify();
        List<X509Certificate> clientCas = request ? TrustAnchors.forClients(settings, caChain) : List.of();
        if (!clientCas.isEmpty()) {
            // perdition: SSL_VERIFY_PEER without FAIL_IF_NO_PEER_CERT, so a certificate is asked for, not required
            builder.clientAuth(ClientAuth.OPTIONAL).trustManager(new PerditionTrustManager(
                    new ChainVerifier(clientCas, VerifyPolicy.from(settings), clock), false));
        }
        SslContext context;
        try {
            context = builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("ssl_cert_file " + certFile + ", ssl_key_file " + keyFile
                    + ": cannot make a TLS context: " + e.getMessage(), e);
        }
        clientCertificates = !clientCas.isEmpty();
        return new ServerContext(context, !settings.noCipherServerPreference());
    }

    @Override
    public String toString() {
        return "ServerTls[" + provider + ", " + certFile + ", protocols "
                + Arrays.toString(ProtocolVersions.from(settings.listen())) + "]";
    }

    /** Applies the per-engine setting Netty's builder has no option for: whose cipher order wins. */
    private static final class ServerContext extends DelegatingSslContext {
        private final boolean serverPreference;

        ServerContext(SslContext context, boolean serverPreference) {
            super(context);
            this.serverPreference = serverPreference;
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setUseCipherSuitesOrder(serverPreference);
            engine.setSSLParameters(parameters);
        }
    }
}
