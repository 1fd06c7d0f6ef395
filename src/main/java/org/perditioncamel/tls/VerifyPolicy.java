package org.perditioncamel.tls;

/** perdition's certificate verification switches: what the chain check may tolerate, and how deep it may go. */
record VerifyPolicy(boolean noCertVerify, boolean acceptSelfSigned, boolean acceptCaSelfSigned,
                    boolean acceptExpired, boolean acceptNotYetValid, int depth) {

    static VerifyPolicy from(TlsSettings settings) {
        int depth = settings.certVerifyDepth();
        if (depth < 0) {
            throw new IllegalArgumentException("ssl_cert_verify_depth must not be negative: " + depth);
        }
        return new VerifyPolicy(settings.noCertVerify(), settings.certAcceptSelfSigned(),
                settings.caAcceptSelfSigned(), settings.certAcceptExpired(), settings.certAcceptNotYetValid(), depth);
    }

    /** Everything checked, nothing tolerated, perdition's default depth. */
    static VerifyPolicy strict() {
        return new VerifyPolicy(false, false, false, false, false, TlsSettings.DEFAULT_VERIFY_DEPTH);
    }
}
