package org.perditioncamel.tls;

import java.security.GeneralSecurityException;
import java.util.Set;

import javax.net.ssl.SSLContext;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/** Picks the TLS implementation from ssl_provider: OpenSSL (netty-tcnative BoringSSL) or the JDK's. */
final class TlsProviders {
    private TlsProviders() {
    }

    static SslProvider choose(TlsSettings settings) {
        String value = settings.provider();
        switch (value) {
            case "auto":
                return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            case "openssl":
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalArgumentException("ssl_provider openssl: netty-tcnative cannot be used: "
                            + OpenSsl.unavailabilityCause());
                }
                return SslProvider.OPENSSL;
            case "jdk":
                return SslProvider.JDK;
            default:
                throw new IllegalArgumentException("ssl_provider must be auto, openssl or jdk, not " + value);
        }
    }

    /** The JSSE names of the suites the provider can negotiate. */
    static Set<String> cipherSuites(SslProvider provider) {
        if (provider != SslProvider.JDK) {
            return OpenSsl.availableJavaCipherSuites();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            return Set.of(context.getSupportedSSLParameters().getCipherSuites());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS implementation", e);
        }
    }

    /** "OpenSSL (BoringSSL …)" or "JDK", for the start-up log. */
    static String describe(SslProvider provider) {
        return provider == SslProvider.JDK ? "JDK" : "OpenSSL (" + OpenSsl.versionString() + ")";
    }
}
