package org.perditioncamel.tls;

import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

/** Says in one short line why a TLS handshake failed, for the log; the JDK and OpenSSL word it differently. */
final class HandshakeFailures {
    private static final int MAX_LENGTH = 160;

    private HandshakeFailures() {
    }

    static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown TLS failure";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TlsVerificationException) {
                return ((TlsVerificationException) t).reason();
            }
            if (t instanceof CertificateExpiredException) {
                return "certificate expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "certificate not yet valid";
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return "TLS handshake timed out";
            }
            if (t instanceof NotSslRecordException) {
                return "peer does not speak TLS";
            }
            if (t instanceof ClosedChannelException) {
                return "connection closed during the TLS handshake";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = (root.getMessage() != null ? root.getMessage() : failure.getMessage());
        if (text == null) {
            return root.getClass().getSimpleName();
        }
        return known(text);
    }

    /** The usual alert and error texts of both providers, turned into words. */
    private static String known(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("protocol_version") || m.contains("protocol version") || m.contains("unsupported_protocol")
                || m.contains("no appropriate protocol") || m.contains("unsupported protocol")) {
            return "no TLS protocol version in common";
        }
        if (m.contains("no_shared_cipher") || m.contains("no cipher suites in common")
                || m.contains("no shared cipher")) {
            return "no cipher suite in common";
        }
        if (m.contains("wrong_version_number") || m.contains("unsupported or unrecognized ssl message")
                || m.contains("not an ssl/tls record")) {
            return "peer does not speak TLS";
        }
        if (m.contains("handshake_failure") || m.contains("handshake failure")) {
            return "peer refused the handshake (handshake_failure alert)";
        }
        if (m.contains("certificate_required") || m.contains("certificate required")) {
            return "peer requires a client certificate";
        }
        if (m.contains("bad_certificate") || m.contains("bad certificate") || m.contains("certificate_unknown")
                || m.contains("certificate unknown") || m.contains("unknown_ca") || m.contains("unknown ca")) {
            return "peer refused our certificate";
        }
        String line = message.lines().findFirst().orElse(message).trim();
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "…" : line;
    }
}
