package org.perditioncamel.protocol;

import org.perditioncamel.session.Credentials;

/** The client gave credentials (POP3 USER/PASS, IMAP LOGIN or AUTHENTICATE PLAIN, ManageSieve SASL PLAIN). */
public record LoginRequest(Credentials credentials) implements Answer {

    @Override
    public boolean startsLogin() {
        return true;
    }
}
