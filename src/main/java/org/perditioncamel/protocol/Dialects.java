package org.perditioncamel.protocol;

import org.perditioncamel.config.Settings;
import org.perditioncamel.protocol.managesieve.ManageSieveDialect;
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
            case MANAGESIEVE:
                // login_disabled is refused by the login route; the greeting stays perdition's
                return new ManageSieveDialect(greeting, s.string("managesieve_capability", null), false);
            default:
                throw new IllegalArgumentException("protocol " + protocol + " is not supported yet by perdition-camel");
        }
    }
}
