package org.perditioncamel.login;

import org.perditioncamel.config.Settings;

/**
 * The login, backend and relay options, read once: perdition's ok_line, server_resp_line, login_disabled, timeout,
 * connect_relog and tcp_keepalive (for backend connections), plus connect_timeout, backend_login_timeout,
 * error_delay and imap_id_forward beyond perdition. The one place their defaults are written in code.
 */
public record LoginSettings(String okLine, boolean serverRespLine, boolean loginDisabled, int connectTimeoutSeconds,
                            int backendLoginTimeoutSeconds, int timeoutSeconds, int connectRelogSeconds,
                            long errorDelayMillis, boolean imapIdForward, boolean tcpKeepalive) {

    /** The key routes/session.camel.yaml reads as a placeholder for its delay step. */
    public static final String ERROR_DELAY_KEY = "error_delay";
    static final String DEFAULT_OK_LINE = "You are so in";
    static final int DEFAULT_CONNECT_TIMEOUT = 10;
    static final int DEFAULT_BACKEND_LOGIN_TIMEOUT = 30;
    static final int DEFAULT_TIMEOUT = 1800;
    static final int DEFAULT_CONNECT_RELOG = 300;
    static final long DEFAULT_ERROR_DELAY = 3000;

    public static LoginSettings from(Settings s) {
        int backendLoginTimeout = s.integer("backend_login_timeout", DEFAULT_BACKEND_LOGIN_TIMEOUT);
        if (backendLoginTimeout < 1) {
            // 0 would end every login at once, not mean "no limit": every wait for a backend is bounded
            throw new IllegalArgumentException("backend_login_timeout must be at least 1 (seconds): "
                    + backendLoginTimeout);
        }
        return new LoginSettings(
                s.string("ok_line", DEFAULT_OK_LINE),
                s.flag("server_resp_line"),
                s.flag("login_disabled"),
                s.integer("connect_timeout", DEFAULT_CONNECT_TIMEOUT),
                backendLoginTimeout,
                s.integer("timeout", DEFAULT_TIMEOUT),
                s.integer("connect_relog", DEFAULT_CONNECT_RELOG),
                s.longValue(ERROR_DELAY_KEY, DEFAULT_ERROR_DELAY),
                s.flag("imap_id_forward"),
                s.flag("tcp_keepalive"));
    }
}
