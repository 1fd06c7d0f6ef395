package org.perditioncamel.tls;

import java.security.cert.CertificateException;

/** A peer certificate was refused; the message is one short line for the log ("certificate expired", …). */
public final class TlsVerificationException extends CertificateException {
    private static final long serialVersionUID = 1L;

    TlsVerificationException(String reason) {
        super(reason);
    }

    TlsVerificationException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** The short reason, e.g. "self-signed certificate" or "host name mismatch: expected mail.example.com". */
    public String reason() {
        return getMessage();
    }
}
