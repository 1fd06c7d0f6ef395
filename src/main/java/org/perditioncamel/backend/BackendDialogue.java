package org.perditioncamel.backend;

/**
 * The proxy's side of one protocol's login conversation with the real server, as a state machine over lines:
 * no sockets, so each protocol's dialogue is tested line by line.
 */
public interface BackendDialogue {

    /** What to do after the backend sent {@code line} (without CRLF). */
    Step onLine(String line);

    /** ssl_mode tls_outgoing(_force): negotiate STARTTLS/STLS before the credentials; returns this dialogue. */
    BackendDialogue withTls(OutgoingTls outgoing);

    /** The STARTTLS/STLS handshake with the backend completed; what now (e.g. send USER, read capabilities). */
    default Step onTlsEstablished() {
        return new Await();
    }

    /** The next action of the conversation. */
    sealed interface Step permits Send, Await, StartTls, LoggedIn, Failed {
    }

    /** Start the TLS handshake with the backend now (its STARTTLS/STLS "go ahead" was just read). */
    record StartTls() implements Step {
    }

    /** How the proxy treats TLS towards the backend: ssl_mode tls_outgoing and tls_outgoing_force. */
    enum OutgoingTls {
        NONE, STARTTLS, STARTTLS_FORCE;

        public boolean wanted() {
            return this != NONE;
        }
    }

    /** Write these lines (CRLF added) and wait for the next backend line. */
    record Send(String... lines) implements Step {
        /** The lines may carry the password: never print them. */
        @Override
        public String toString() {
            return "Send[" + lines.length + " lines]";
        }
    }

    /** Keep reading (multi-line responses). */
    record Await() implements Step {
    }

    /**
     * The backend accepted the credentials; {@code finalLine} is its last line, for server_resp_line, and
     * {@code toClient} are backend lines the client gets before the success line (IMAP's untagged CAPABILITY
     * after LOGIN, reference §7.2 step 5), each without CRLF.
     */
    record LoggedIn(String finalLine, java.util.List<String> toClient) implements Step {
        public LoggedIn(String finalLine) {
            this(finalLine, java.util.List.of());
        }
    }

    /**
     * The attempt failed with perdition's reason text (reference §7.5). {@code finalLine} is the backend's line
     * when it refused the credentials (relayed with server_resp_line), else null. {@code goodbye} is what the
     * proxy sends the backend before closing (QUIT, LOGOUT), or null.
     */
    record Failed(String reason, String finalLine, String goodbye, String logDetail) implements Step {
    }

    String CONNECTION_NEGOTIATION_FAILURE = "Connection Negotiation Failure";
    String RE_AUTHENTICATION_FAILURE = "Re-Authentication Failure";
    String COULD_NOT_CONNECT = "Could not connect to server";
    String TLS_NOT_PRESENT = "TLS not present";
    /** A backend that advertises LOGINDISABLED gets the same reason as a login the proxy refuses itself. */
    String LOGIN_DISABLED = "Login Disabled";
}
