package org.perditioncamel.backend;

import java.util.Locale;

/** perdition's POP3 login to the real server (reference §7.1): greeting, loop check, USER, PASS. */
public final class Pop3BackendDialogue implements BackendDialogue {
    private enum State { GREETING, USER_SENT, PASS_SENT }

    private final String ownGreeting;
    private final String user;
    private final String password;
    private State state = State.GREETING;

    /**
     * @param ownGreeting what this proxy itself greets with after "+OK " on the address the client used; a
     *                    backend saying the same is this proxy, so the login would loop
     */
    public Pop3BackendDialogue(String ownGreeting, String user, String password) {
        this.ownGreeting = ownGreeting;
        this.user = user;
        this.password = password;
    }

    @Override
    public Step onLine(String line) {
        switch (state) {
            case GREETING:
                if (!isOk(line)) {
                    return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, null, "backend greeting is not +OK");
                }
                if (rest(line).equals(ownGreeting)) {
                    return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, "QUIT", "Loop detected, abandoning connection");
                }
                state = State.USER_SENT;
                return new Send("USER " + user);
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

    private static boolean isOk(String line) {
        String first = line.split(" ", 2)[0];
        return first.toUpperCase(Locale.ROOT).equals("+OK");
    }

    /** The greeting after its first token, re-joined by single spaces as perdition's tokeniser does. */
    private static String rest(String line) {
        String[] tokens = line.split(" ");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < tokens.length; i++) {
            if (tokens[i].isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(tokens[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Pop3BackendDialogue[user=" + user + ", state=" + state + "]";
    }
}
