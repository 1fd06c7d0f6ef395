package org.perditioncamel.tls;

import org.perditioncamel.config.Settings;

/** perdition's certificate verification switches: what the chain check may tolerate, and how deep it may go. */
record VerifyPolicy(boolean noCertVerify, boolean acceptSelfSigned, boolean acceptCaSelfSigned,
                    boolean acceptExpired, boolean acceptNotYetValid, int depth) {

    static final int DEFAULT_DEPTH = 9;

    static VerifyPolicy from(Settings settings) {
        int depth = settings.integer("ssl_cert_verify_depth", DEFAULT_DEPTH);
        if (depth < 0) {
            throw new IllegalArgumentException("ssl_cert_verify_depth must not be negative: " + depth);
        }
        return new VerifyPolicy(settings.flag("ssl_no_cert_verify"), settings.flag("ssl_cert_accept_self_signed"),
                settings.flag("ssl_ca_accept_self_signed"), settings.flag("ssl_cert_accept_expired"),
                settings.flag("ssl_cert_accept_not_yet_valid"), depth);
    }

    /** Everything checked, nothing tolerated, perdition's default depth. */
    static VerifyPolicy strict() {
        return new VerifyPolicy(false, false, false, false, false, DEFAULT_DEPTH);
    }
}
