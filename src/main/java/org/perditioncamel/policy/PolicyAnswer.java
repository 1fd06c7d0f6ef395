package org.perditioncamel.policy;

import java.nio.charset.StandardCharsets;

/** The reply to one request: "action=OK" or "action=DUNNO", then the empty line; after some, the connection ends. */
public enum PolicyAnswer {
    /** The client authenticated within the window: Postfix relays for it. */
    OK(false),
    /** Not ours to decide: Postfix goes on with its next restriction (usually reject). */
    DUNNO(false),
    /** DUNNO to a request too long to read: the rest of the connection cannot be framed, so it is closed. */
    DUNNO_AND_CLOSE(true);

    private final boolean closeConnection;

    PolicyAnswer(boolean closeConnection) {
        this.closeConnection = closeConnection;
    }

    public boolean isCloseConnection() {
        return closeConnection;
    }

    public byte[] bytes() {
        return ("action=" + (this == OK ? "OK" : "DUNNO") + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }
}
