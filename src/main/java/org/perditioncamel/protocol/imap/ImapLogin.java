package org.perditioncamel.protocol.imap;

import org.perditioncamel.session.ProxySession;


/**
 * What an IMAP session remembers between commands before login (its ProxySession dialogue state): the client's
 * tag of the LOGIN or AUTHENTICATE under way, which the final OK or NO carries, and whether the SASL response
 * to our "+ " is still due.
 */
record ImapLogin(String tag, boolean saslResponseDue) {

    static ImapLogin attempt(String tag) {
        return new ImapLogin(tag, false);
    }

    static ImapLogin awaitingSaslResponse(String tag) {
        return new ImapLogin(tag, true);
    }
}
