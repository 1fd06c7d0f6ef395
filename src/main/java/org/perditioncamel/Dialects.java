package org.perditioncamel;

import org.perditioncamel.protocol.imap.ImapDialect;
import org.perditioncamel.protocol.managesieve.ManageSieveDialect;
import org.perditioncamel.protocol.pop3.Pop3Dialect;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.DialectSettings;
import org.perditioncamel.protocol.Greeting;

/** Builds the dialect of each protocol from its perdition options. */
final class Dialects {
    private Dialects() {
    }

    /**
     * @param loginDisabled login_disabled: IMAP announces LOGINDISABLED
     * @param tlsOffered the listener offers STARTTLS/STLS (ssl_mode tls_listen)
     * @param tlsForced  tls_listen_force: no login before TLS
     */
    static Dialect create(Protocol protocol, DialectSettings s, Greeting greeting, boolean loginDisabled,
            boolean tlsOffered, boolean tlsForced) {
        switch (protocol) {
            case POP3:
            case POP3S:
                return new Pop3Dialect(greeting, s.popCapability().orElse(null), tlsOffered);
            case IMAP4:
            case IMAP4S:
                return new ImapDialect(greeting, s.imapCapability().orElse(null), loginDisabled,
                        false, tlsOffered, tlsForced, s.imapAdvertiseAuth());
            case MANAGESIEVE:
                // login_disabled is refused by the login route; the greeting stays perdition's
                return new ManageSieveDialect(greeting, s.managesieveCapability().orElse(null), false, tlsOffered);
            default:
                throw new IllegalArgumentException("protocol " + protocol + " is not supported yet by perdition-camel");
        }
    }
}
