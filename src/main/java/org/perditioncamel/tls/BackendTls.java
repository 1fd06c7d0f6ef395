package org.perditioncamel.tls;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The outgoing (backend) side: a client TLS context that checks backends as perdition does; thread-safe. */
public final class BackendTls {
    private static final Logger LOG = LoggerFactory.getLogger(BackendTls.class);

    private final SslContext context;
    private final SslProvider provider;

    /** No client certificate, as perdition; chain, dates, depth and (unless ssl_no_cn_verify) name are checked. */
    private BackendTls(TlsSettings settings, SslProvider provider, Clock clock) {
        this.provider = provider;
        VerifyPolicy policy = VerifyPolicy.from(settings);
        // as perdition, ssl_no_cert_verify skips loading the CAs, so a missing CA file does not matter then
        List<X509Certificate> anchors = policy.noCertVerify() ? List.of() : TrustAnchors.forBackends(settings);
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(provider)
                .protocols(ProtocolVersions.from(settings.outgoing()))
                .trustManager(new PerditionTrustManager(new ChainVerifier(anchors, policy, clock),
                        !settings.noCnVerify()))
                .endpointIdentificationAlgorithm(null);   // the trust manager checks the name itself
        Optional<String> ciphers = settings.outgoing().ciphers();
        if (ciphers.isPresent()) {
            builder.ciphers(CipherStrings.toJsse("ssl_outgoing_ciphers", ciphers.get(),
                    TlsProviders.cipherSuites(provider)), SupportedCipherSuiteFilter.INSTANCE);
        }
        try {
            this.context = builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot make the outgoing TLS context: " + e.getMessage(), e);
        }
    }

    /** Builds the context; a bad CA file or option is an {@link IllegalArgumentException} naming it. */
    public static BackendTls from(TlsSettings settings) {
        BackendTls tls = new BackendTls(settings, TlsProviders.choose(settings), Clock.systemUTC());
        LOG.info("TLS for backends: {}", TlsProviders.describe(tls.provider));
        return tls;
    }

    /** For tests: a fixed provider and clock. */
    static BackendTls create(TlsSettings settings, SslProvider provider, Clock clock) {
        return new BackendTls(settings, provider, clock);
    }

    /**
     * A handler for a connection to {@code host}: the name the certificate is checked against and, unless it is an
     * IP address, sent as SNI. Add it first in the pipeline (for STARTTLS: after the backend accepted STARTTLS).
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        SslHandler handler = context.newHandler(alloc, bare, port);
        if (!HostnameMatcher.isIpAddress(bare)) {
            sni(handler.engine(), bare);
        }
        return handler;
    }

    public SslContext context() {
        return context;
    }

    public SslProvider provider() {
        return provider;
    }

    /**
     * Why a handshake failed, in one short line: "certificate expired", "self-signed certificate",
     * "host name mismatch: expected mail.example.com, certificate is for other.example", "no TLS protocol version
     * in common", … Takes the handshake future's cause (or any exception from the pipeline).
     */
    public static String describeFailure(Throwable cause) {
        return HandshakeFailures.describe(cause);
    }

    private static void sni(SSLEngine engine, String host) {
        String name = HostnameMatcher.normalise(host);
        if (name == null) {
            return;
        }
        try {
            SNIHostName sni = new SNIHostName(name);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setServerNames(List.of(sni));
            engine.setSSLParameters(parameters);
        } catch (IllegalArgumentException e) {
            // a name SNI cannot carry (an underscore, say): connect without SNI, the name check still applies
        }
    }
}
