package org.perditioncamel.session;

/** How one side of a session is protected; the names are perdition's client-secure/server-secure log words. */
public enum Security {
    PLAINTEXT("plaintext"),
    /** TLS from the first byte: ssl_listen/ssl_outgoing, POP3S, IMAPS. */
    SSL("ssl"),
    /** TLS started by STLS/STARTTLS on a plaintext connection. */
    STARTTLS("starttls");

    private final String logName;

    Security(String logName) {
        this.logName = logName;
    }

    /** The word in perdition's Auth and Close lines and in the events' client_secure/server_secure. */
    public String logName() {
        return logName;
    }

    public boolean plaintext() {
        return this == PLAINTEXT;
    }
}
