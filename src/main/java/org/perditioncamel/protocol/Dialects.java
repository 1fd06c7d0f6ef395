package org.perditioncamel.protocol;

import org.perditioncamel.config.Settings;
import org.perditioncamel.protocol.pop3.Pop3Dialect;

/** Builds the dialect of each protocol from its perdition options. */
public final class Dialects {
    private Dialects() {
    }

    /** @param tlsOffered the listener offers STARTTLS/STLS (ssl_mode tls_listen) */
    public static Dialect create(Protocol protocol, Settings s, Greeting greeting, boolean tlsOffered) {
        switch (protocol) {
            case POP3:
                return new Pop3Dialect(greeting, s.string("pop_capability", "UIDL.USER"), tlsOffered);
            default:
                throw new IllegalArgumentException("protocol " + protocol + " is not supported yet by perdition-camel");
        }
    }
}
