package org.perditioncamel.backend;

import java.util.Locale;

/**
 * perdition's POP3 login to the real server (reference §7.1): greeting, loop check, CAPA and STLS when
 * tls_outgoing is set, USER, PASS.
 */
public final class Pop3BackendDialogue implements BackendDialogue {
    private enum State { GREETING, CAPA_SENT, STLS_SENT, USER_SENT, PASS_SENT }

    private final String ownGreeting;
    private final String user;
    private final String password;
    private OutgoingTls tls;
    private State state = State.GREETING;
    private boolean stlsOffered;

    /**
     * @param ownGreeting what this proxy itself greets with after "+OK " on the address the client used; a
     *                    backend saying the same is this proxy, so the login would loop
     */
    public Pop3BackendDialogue(String ownGreeting, String user, String password) {
        this(ownGreeting, user, password, OutgoingTls.NONE);
    }

    public Pop3BackendDialogue(String ownGreeting, String user, String password, OutgoingTls tls) {
        this.ownGreeting = ownGreeting;
        this.user = user;
        this.password = password;
        this.tls = tls;
    }

    @Override
    public Step onLine(String line) {
        switch (state) {
            case GREETING:
                if (!isOk(line)) {
                    return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, null, "backend greeting is not +OK");
                }
                if (GreetingWords.restEquals(line, 1, ownGreeting)) {
                    return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, "QUIT", "Loop detected, abandoning connection");
                }
                if (tls.wanted()) {
                    state = State.CAPA_SENT;
                    return new Send("CAPA");
                }
                return user();
            case CAPA_SENT:
                return capa(line);
            case STLS_SENT:
                // perdition 2.2 starts the handshake even after -ERR (reference §14 row 17)
                if (!isOk(line)) {
                    return withoutTls("backend refused STLS");
                }
                return new StartTls();
            case USER_SENT:
                if (!isOk(line)) {
                    return new Failed(RE_AUTHENTICATION_FAILURE, line, "QUIT", "backend refused USER");
                }
                state = State.PASS_SENT;
                return new Send("PASS " + password);
            default:
                return isOk(line)
                        ? new LoggedIn(line)
                        : new Failed(RE_AUTHENTICATION_FAILURE, line, "QUIT", "backend refused the password");
        }
    }

    /** The CAPA answer: "+OK", capability lines, "."; a "-ERR" means no capabilities, so no STLS. */
    private Step capa(String line) {
        if (line.startsWith("-")) {
            return withoutTls("backend has no CAPA");
        }
        if (line.equals(".")) {
            if (!stlsOffered) {
                return withoutTls("backend does not offer STLS");
            }
            state = State.STLS_SENT;
            return new Send("STLS");
        }
        if (line.trim().equalsIgnoreCase("STLS")) {
            stlsOffered = true;
        }
        return new Await();
    }

    private Step withoutTls(String why) {
        if (tls == OutgoingTls.STARTTLS_FORCE) {
            return new Failed(TLS_NOT_PRESENT, null, "QUIT", why + "; tls_outgoing_force forbids plaintext");
        }
        return user();
    }

    private Step user() {
        state = State.USER_SENT;
        return new Send("USER " + user);
    }

    @Override
    public Pop3BackendDialogue withTls(OutgoingTls outgoing) {
        this.tls = outgoing;
        return this;
    }

    @Override
    public Step onTlsEstablished() {
        return user();
    }

    private static boolean isOk(String line) {
        String first = line.split(" ", 2)[0];
        return first.toUpperCase(Locale.ROOT).equals("+OK");
    }

    @Override
    public String toString() {
        return "Pop3BackendDialogue[user=" + user + ", state=" + state + "]";
    }
}
