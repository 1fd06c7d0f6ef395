package org.perditioncamel;

import org.perditioncamel.config.Settings;
import org.perditioncamel.protocol.imap.ImapDialect;
import org.perditioncamel.protocol.managesieve.ManageSieveDialect;
import org.perditioncamel.protocol.pop3.Pop3Dialect;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Greeting;

/** Builds the dialect of each protocol from its perdition options. */
final class Dialects {
    private Dialects() {
    }

    /**
     * @param tlsOffered the listener offers STARTTLS/STLS (ssl_mode tls_listen)
     * @param tlsForced  tls_listen_force: no login before TLS
     */
    static Dialect create(Protocol protocol, Settings s, Greeting greeting, boolean tlsOffered, boolean tlsForced) {
        switch (protocol) {
            case POP3:
            case POP3S:
                return new Pop3Dialect(greeting, s.string("pop_capability", "UIDL.USER"), tlsOffered);
            case IMAP4:
            case IMAP4S:
                return new ImapDialect(greeting, s.string("imap_capability", "IMAP4 IMAP4REV1"), s.flag("login_disabled"),
                        false, tlsOffered, tlsForced);
            case MANAGESIEVE:
                // login_disabled is refused by the login route; the greeting stays perdition's
                return new ManageSieveDialect(greeting, s.string("managesieve_capability", null), false, tlsOffered);
            default:
                throw new IllegalArgumentException("protocol " + protocol + " is not supported yet by perdition-camel");
        }
    }
}
