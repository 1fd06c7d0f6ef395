package org.perditioncamel.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/** Verifies peer certificates with {@link ChainVerifier}, and backends' host names, for both TLS providers. */
final class PerditionTrustManager extends X509ExtendedTrustManager {
    private final ChainVerifier verifier;
    private final boolean checkHostName;

    PerditionTrustManager(ChainVerifier verifier, boolean checkHostName) {
        this.verifier = verifier;
        this.checkHostName = checkHostName;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServer(chain, engine == null ? null : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        String host = null;
        if (socket instanceof SSLSocket && ((SSLSocket) socket).getHandshakeSession() != null) {
            host = ((SSLSocket) socket).getHandshakeSession().getPeerHost();
        }
        checkServer(chain, host);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verifyClient(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verifyClient(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verifyClient(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return verifier.anchors();
    }

    private void checkServer(X509Certificate[] chain, String host) throws CertificateException {
        try {
            verifier.verify(chain, ChainVerifier.Purpose.SERVER);
            if (checkHostName) {
                HostnameMatcher.verify(host, chain[0]);
            }
        } catch (TlsVerificationException e) {
            throw VerificationAlerts.withAlert(e);
        }
    }

    private void verifyClient(X509Certificate[] chain) throws CertificateException {
        try {
            verifier.verify(chain, ChainVerifier.Purpose.CLIENT);
        } catch (TlsVerificationException e) {
            throw VerificationAlerts.withAlert(e);
        }
    }
}
