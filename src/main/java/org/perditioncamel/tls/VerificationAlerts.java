package org.perditioncamel.tls;

import java.security.cert.CertificateException;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;

/**
 * Gives a refused certificate the X509 error code OpenSSL needs to send the right TLS alert (certificate_expired,
 * unknown_ca, bad_certificate, …); without one, BoringSSL reports every refusal as internal_error. The JDK
 * provider treats the wrapped exception like any CertificateException. The log keeps the short reason.
 */
final class VerificationAlerts {
    private VerificationAlerts() {
    }

    static CertificateException withAlert(TlsVerificationException refused) {
        return new OpenSslCertificateException(refused.getMessage(), refused, errorCode(refused.reason()));
    }

    /** The reasons are ChainVerifier's and HostnameMatcher's own texts. */
    static int errorCode(String reason) {
        String r = reason == null ? "" : reason;
        if (r.startsWith("certificate expired")) {
            return CertificateVerifier.X509_V_ERR_CERT_HAS_EXPIRED;
        }
        if (r.startsWith("certificate not yet valid")) {
            return CertificateVerifier.X509_V_ERR_CERT_NOT_YET_VALID;
        }
        if (r.startsWith("self-signed certificate in chain")) {
            return CertificateVerifier.X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
        }
        if (r.startsWith("self-signed certificate")) {
            return CertificateVerifier.X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
        }
        if (r.startsWith("unable to get local issuer certificate")) {
            return CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
        }
        if (r.startsWith("certificate chain too long")) {
            return CertificateVerifier.X509_V_ERR_CERT_CHAIN_TOO_LONG;
        }
        if (r.startsWith("unsupported certificate purpose")) {
            return CertificateVerifier.X509_V_ERR_INVALID_PURPOSE;
        }
        return CertificateVerifier.X509_V_ERR_CERT_REJECTED;
    }
}
