package org.perditioncamel.session;

import java.util.Optional;

/**
 * What the client gave to log in: POP3 USER/PASS, IMAP LOGIN or AUTHENTICATE PLAIN, ManageSieve SASL PLAIN.
 * The authorisation id is only set when SASL PLAIN carried one. Each holds the client's octets one char each
 * (ClientText gives their text). Never printed with the password.
 */
public record Credentials(Optional<String> authorisationId, String user, String password) {

    public static Credentials of(String user, String password) {
        return new Credentials(Optional.empty(), user, password);
    }

    public Credentials withUser(String newUser) {
        return new Credentials(authorisationId, newUser, password);
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + authorisationId.map(a -> ", authzid=" + a).orElse("") + ", password=<redacted>]";
    }
}
