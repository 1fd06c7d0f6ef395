package org.perditioncamel.backend;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.perditioncamel.protocol.managesieve.ManageSieveTokenizer;
import org.perditioncamel.protocol.managesieve.ManageSieveTokenizer.Token;
import org.perditioncamel.protocol.sasl.SaslPlain;

/**
 * perdition's ManageSieve login to the real server (reference §7.3): read the capabilities up to the greeting
 * OK, then {@code AUTHENTICATE "PLAIN"} with the initial response; the OK or NO that follows decides.
 */
public final class ManageSieveBackendDialogue implements BackendDialogue {
    /** perdition's reason when the backend offers no SASL (its out_authenticate status 3, reference §7.5). */
    public static final String SASL_MECHANISM_UNAVAILABLE = "SASL mechanism unavailable";

    private static final String LOGOUT = "LOGOUT";

    private enum State { CAPABILITIES, STARTTLS_SENT, AUTHENTICATE_SENT }

    private final String ownGreeting;
    private final String user;
    private final Optional<String> authorisationId;
    private final String password;
    private final ManageSieveBackendLines lines = new ManageSieveBackendLines();
    private State state = State.CAPABILITIES;
    private boolean plainOffered;
    private boolean startTlsOffered;
    private OutgoingTls tls = OutgoingTls.NONE;
    private boolean tlsDone;

    /** ssl_mode tls_outgoing(_force): STARTTLS when the backend lists it, before authenticating. */
    @Override
    public ManageSieveBackendDialogue withTls(OutgoingTls outgoing) {
        this.tls = outgoing;
        return this;
    }

    /** RFC 5804 §2.2: after the handshake the server sends its capabilities again, unasked. */
    @Override
    public Step onTlsEstablished() {
        tlsDone = true;
        state = State.CAPABILITIES;
        plainOffered = false;
        startTlsOffered = false;
        return new Await();
    }

    /**
     * @param ownGreeting     the message of this proxy's own greeting OK for the client's address; a backend
     *                        greeting with the same message is this proxy, so the login would loop
     * @param user            the authentication id for the backend (the remote_login name)
     * @param authorisationId the client's SASL authzid, passed on as perdition does; empty for none
     */
    public ManageSieveBackendDialogue(String ownGreeting, String user, Optional<String> authorisationId, String password) {
        this.ownGreeting = ownGreeting;
        this.user = user;
        this.authorisationId = authorisationId;
        this.password = password;
    }

    @Override
    public Step onLine(String physicalLine) {
        String line;
        try {
            line = lines.feed(physicalLine);
        } catch (IllegalStateException e) {
            return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, null, e.getMessage());
        }
        if (line == null) {
            return new Await();
        }
        List<Token> tokens = ManageSieveTokenizer.tokenize((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        if (state == State.STARTTLS_SENT) {
            if (is(tokens, "OK")) {
                return new StartTls();
            }
            return tokens.isEmpty() || tokens.get(0).isString() ? new Await() : withoutTls("backend refused STARTTLS");
        }
        return state == State.CAPABILITIES ? capability(tokens) : authenticated(line, tokens);
    }

    /** Capability lines start with a string; the first line that starts with an atom ends the greeting. */
    private Step capability(List<Token> tokens) {
        if (!tokens.isEmpty() && tokens.get(0).isString()) {
            String name = tokens.get(0).value();
            if (name.equalsIgnoreCase("SASL") && tokens.size() > 1 && tokens.get(1).isString()) {
                plainOffered = offersPlain(tokens.get(1).value());
            }
            if (name.equals("STARTTLS")) {
                startTlsOffered = true;
            }
            return new Await();
        }
        if (!is(tokens, "OK")) {
            return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, null, "backend greeting is not OK");
        }
        if (message(tokens).equals(ownGreeting)) {
            return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, LOGOUT, "Loop detected, abandoning connection");
        }
        if (tls.wanted() && !tlsDone) {
            if (startTlsOffered) {
                state = State.STARTTLS_SENT;
                return new Send("STARTTLS");
            }
            return withoutTls("backend does not offer STARTTLS");
        }
        return authenticate();
    }

    /** tls_outgoing_force never sends credentials in plaintext; a clean "TLS not present" (§14 row 18). */
    private Step withoutTls(String why) {
        if (tls == OutgoingTls.STARTTLS_FORCE) {
            return new Failed(TLS_NOT_PRESENT, null, LOGOUT, why + "; tls_outgoing_force forbids plaintext");
        }
        tlsDone = true;
        return authenticate();
    }

    private Step authenticate() {
        if (!plainOffered) {
            return new Failed(SASL_MECHANISM_UNAVAILABLE, null, LOGOUT, "backend does not offer SASL PLAIN");
        }
        state = State.AUTHENTICATE_SENT;
        String response = SaslPlain.encode(authorisationId, user, password);
        if (response.length() > ManageSieveTokenizer.MAX_STRING) {
            // too long for a quoted string: a non-synchronising literal (RFC 5804 literal-c2s)
            return new Send("AUTHENTICATE \"PLAIN\" {" + response.length() + "+}", response);
        }
        return new Send("AUTHENTICATE \"PLAIN\" \"" + response + "\"");
    }

    /**
     * perdition: the first token decides, OK is success. Dovecot answers {@code OK "Logged in."}, with a
     * {@code (SASL …)} response code when it has final data; string lines before it (capabilities, which only
     * come after a SASL security layer, which PLAIN has not) are skipped.
     */
    private Step authenticated(String line, List<Token> tokens) {
        if (!tokens.isEmpty() && tokens.get(0).isString()) {
            return new Await();
        }
        if (is(tokens, "OK")) {
            return new LoggedIn(line);
        }
        return new Failed(RE_AUTHENTICATION_FAILURE, line, LOGOUT, "backend refused the credentials");
    }

    /**
     * perdition took any SASL line with a value as PLAIN; a backend that lists other mechanisms only, or
     * none before STARTTLS, would refuse PLAIN anyway, so that is reported as the missing mechanism.
     */
    private static boolean offersPlain(String mechanisms) {
        for (String m : mechanisms.split(" ")) {
            if (m.equalsIgnoreCase("PLAIN")) {
                return true;
            }
        }
        return false;
    }

    private static boolean is(List<Token> tokens, String status) {
        return !tokens.isEmpty() && tokens.get(0).kind() == ManageSieveTokenizer.Kind.ATOM
                && tokens.get(0).value().toUpperCase(Locale.ROOT).equals(status);
    }

    /** The human-readable text of a status line: its last token when that is a string. */
    private static String message(List<Token> tokens) {
        Token last = tokens.get(tokens.size() - 1);
        return tokens.size() > 1 && last.isString() ? last.value() : "";
    }

    @Override
    public String toString() {
        return "ManageSieveBackendDialogue[user=" + user + ", state=" + state + "]";
    }
}
