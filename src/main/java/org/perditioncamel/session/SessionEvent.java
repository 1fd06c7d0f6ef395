package org.perditioncamel.session;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;


/**
 * One Connect, Auth or Close of a client session: the fields of perdition's log line, which is also the body
 * of the JMS event (schema version {@link #SCHEMA_VERSION}). The password is only carried when log_passwd
 * allows it for this outcome, and then only for the log line: the JMS document never contains it.
 */
public record SessionEvent(
        Type type,
        Instant time,
        String sessionId,
        Protocol protocol,
        InetSocketAddress client,
        InetSocketAddress local,
        String clientSecure,
        String authorisationId,
        String authenticationId,
        String server,
        String serverSecure,
        String status,
        long received,
        long sent,
        Optional<String> loggablePassword) {

    public static final int SCHEMA_VERSION = 1;

    public enum Type {
        /** Accepted a client: perdition's "Connect:" line. */
        CONNECT,
        /** One login attempt, ok or failed, and every connect_relog repeat: "Auth:". */
        AUTH,
        /** A session that logged in has ended: "Closing session:". */
        CLOSE,
        /** A session ended without a successful login (QUIT, LOGOUT, EOF, timeout): "Closing NULL session:". */
        CLOSE_NULL
    }

    public SessionEvent {
        loggablePassword = loggablePassword == null ? Optional.empty() : loggablePassword;
    }

    public boolean ok() {
        return "ok".equals(status);
    }

    @Override
    public String toString() {
        return "SessionEvent[" + type + " " + sessionId + " " + protocol + " user=" + authenticationId
                + " server=" + server + " status=" + status + (loggablePassword.isPresent() ? " passwd=<redacted>" : "") + "]";
    }
}
