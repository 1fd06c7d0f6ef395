package org.perditioncamel.backend;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

/**
 * perdition's IMAP login to the real server (reference §7.2): greeting and loop check, the capabilities, then LOGIN,
 * in tags flim07, flim08, … Where perdition spends four round trips (CAPABILITY, then LOGIN with two synchronising
 * literals), this decides on the capabilities of the greeting's CAPABILITY response code when it has one (RFC 3501
 * §7.1; Dovecot's, Cyrus' and Courier's do), sends CAPABILITY all the same but pipelined with what follows it, and
 * sends LOGIN in one piece: quoted strings where they can carry the value, literals otherwise (non-synchronising
 * with LITERAL+ or LITERAL-). Each round trip costs a wake-up and a loopback write on both sides. CAPABILITY stays
 * because the client sees its effect: a Dovecot asked for CAPABILITY sends the post-login capabilities as an untagged
 * line, which reaches the client before our OK, as with perdition. A backend whose greeting has no capabilities gets
 * CAPABILITY first, then LOGIN.
 */
public final class ImapBackendDialogue implements BackendDialogue {
    /** perdition's reason when the backend offers no usable SASL mechanism (reference §7.5). */
    public static final String SASL_MECHANISM_UNAVAILABLE = "SASL mechanism unavailable";
    /** Untagged lines a backend may send during one login before it is taken for a broken server. */
    static final int MAX_UNTAGGED = 100;
    /** Dovecot lists about 30, Cyrus about 60. */
    static final int MAX_CAPABILITIES = 1000;

    private enum State { GREETING, CAPABILITY, STARTTLS, ID, LOGIN_LITERAL, LOGIN, AUTHENTICATE_CONTINUATION, AUTHENTICATE }

    /** LITERAL- (RFC 7888): non-synchronising literals up to this many octets. */
    private static final int LITERAL_MINUS_MAX = 4096;

    private final String ownGreeting;
    private final Credentials credentials;
    private final boolean idForward;
    private final ProxySession session;
    private final ImapTagSequence tags = new ImapTagSequence();
    private final Set<String> capabilities = new HashSet<>();
    private final List<String> untagged = new ArrayList<>();
    private State state = State.GREETING;
    private String tag;
    /** The tag of a CAPABILITY sent ahead of the next command, whose answer has not come yet; else null. */
    private String pipelinedCapability;
    /** LOGIN's parts still to send, each after the backend's "+" for the synchronising literal before it. */
    private final Deque<String[]> afterContinuation = new ArrayDeque<>();
    private OutgoingTls tls = OutgoingTls.NONE;
    private boolean tlsDone;

    /** ssl_mode tls_outgoing(_force): STARTTLS after the first CAPABILITY when the backend offers it. */
    @Override
    public ImapBackendDialogue withTls(OutgoingTls outgoing) {
        this.tls = outgoing;
        return this;
    }

    /**
     * @param ownGreeting what this proxy greets with after "* OK " on the address the client used; a backend
     *                    saying the same is this proxy, so the login would loop
     * @param credentials the user name to log in as (remote login name) and the client's password, one char per
     *                    octet
     * @param idForward   imap_id_forward: send ID with the client's and our addresses before logging in
     * @param session     the client's session, for the addresses ID forwards
     */
    public ImapBackendDialogue(String ownGreeting, Credentials credentials, boolean idForward, ProxySession session) {
        this.ownGreeting = ownGreeting;
        this.credentials = credentials;
        this.idForward = idForward;
        this.session = session;
    }

    @Override
    public Step onLine(String line) {
        if (state == State.GREETING) {
            return greeting(line);
        }
        if (isUntagged(line)) {
            return untaggedLine(line);
        }
        if (line.startsWith("+")) {
            return continuation();
        }
        // "<tag> <status> …": the tag and whether the status is OK, read in place
        int space = line.indexOf(' ');
        boolean ok = space >= 0 && isWord(line, space + 1, "OK");
        if (pipelinedCapability != null && isTag(line, space, pipelinedCapability)) {
            pipelinedCapability = null;
            return ok ? new Await()
                    : new Failed(CONNECTION_NEGOTIATION_FAILURE, null, logout(), "backend refused CAPABILITY");
        }
        if (!isTag(line, space, tag)) {
            return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, logout(), "backend answered with an unexpected tag");
        }
        switch (state) {
            case CAPABILITY:
                return ok ? afterCapability()
                        : new Failed(CONNECTION_NEGOTIATION_FAILURE, null, logout(), "backend refused CAPABILITY");
            case STARTTLS:
                // perdition 2.2 starts the handshake without looking at the answer (reference §14 row 17)
                return ok ? new StartTls() : withoutTls("backend refused STARTTLS");
            case ID:
                // ID only informs the backend: a refusal does not stop the login
                return login();
            case LOGIN:
            case AUTHENTICATE:
                return ok ? new LoggedIn(line, List.copyOf(untagged))
                        : new Failed(RE_AUTHENTICATION_FAILURE, line, logout(), "backend refused the credentials");
            default:
                // a NO or BAD in place of a "+" (the literal or the mechanism refused) ends cleanly, where perdition
                // went on writing and desynchronised
                return new Failed(RE_AUTHENTICATION_FAILURE, line, logout(), "backend answered " + state + " with a tagged line instead of a continuation");
        }
    }

    private Step greeting(String line) {
        if (!line.startsWith("* ") || !isWord(line, 2, "OK")) {
            // PREAUTH or BYE as much as anything else: perdition logs in to a server that asks for a login
            return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, null, "backend greeting is not * OK");
        }
        if (GreetingWords.restEquals(line, 2, ownGreeting)) {
            return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, logout(), "Loop detected, abandoning connection");
        }
        if (greetingCapabilities(line.length() > 5 ? line.substring(5) : "")) {
            state = State.CAPABILITY;
            if (tls.wanted() && capabilities.contains("STARTTLS")) {
                return afterCapability();   // STARTTLS alone: nothing may follow it in plaintext
            }
            String capabilityTag = tags.next();
            Step next = afterCapability();
            if (next instanceof Send send) {
                pipelinedCapability = capabilityTag;
                String[] lines = new String[send.lines().length + 1];
                lines[0] = capabilityTag + " CAPABILITY";
                System.arraycopy(send.lines(), 0, lines, 1, send.lines().length);
                return new Send(lines);
            }
            return next;
        }
        return command(State.CAPABILITY, "CAPABILITY");
    }

    /** The greeting's "[CAPABILITY …]" response code, taken as the CAPABILITY command's answer; false without one. */
    private boolean greetingCapabilities(String text) {
        String trimmed = text.stripLeading();
        if (!trimmed.regionMatches(true, 0, "[CAPABILITY ", 0, 12)) {
            return false;
        }
        int end = trimmed.indexOf(']');
        if (end < 0) {
            return false;
        }
        addWords(trimmed, 12, end);
        return !capabilities.isEmpty();
    }

    private Step untaggedLine(String line) {
        if (state == State.CAPABILITY || pipelinedCapability != null) {
            if (isWord(line, 2, "CAPABILITY")) {
                addWords(line, 12, line.length());
                if (capabilities.size() > MAX_CAPABILITIES) {
                    // a server that keeps listing new words would grow this set until backend_login_timeout
                    return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, logout(), "backend sent too many capabilities");
                }
            }
            return new Await();
        }
        if (state == State.LOGIN || state == State.AUTHENTICATE) {
            // Dovecot's post-login "* CAPABILITY …" reaches the client before our OK (reference §7.2 step 5)
            if (untagged.size() == MAX_UNTAGGED) {
                return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, logout(), "backend sent too many untagged lines");
            }
            untagged.add(line);
        }
        return new Await();
    }

    private Step continuation() {
        switch (state) {
            case LOGIN_LITERAL:
                String[] next = afterContinuation.poll();
                if (afterContinuation.isEmpty()) {
                    state = State.LOGIN;
                }
                return new Send(next);
            case AUTHENTICATE_CONTINUATION:
                state = State.AUTHENTICATE;
                return new Send(plainResponse());
            default:
                return new Failed(CONNECTION_NEGOTIATION_FAILURE, null, logout(), "backend sent an unexpected continuation");
        }
    }

    /**
     * imap_id_forward, beyond perdition: Dovecot takes x-originating-ip and friends only before authentication and
     * only from login_trusted_networks, so ID goes first, and only to a backend that lists ID.
     */
    private Step afterCapability() {
        if (tls.wanted() && !tlsDone) {
            return capabilities.contains("STARTTLS") ? command(State.STARTTLS, "STARTTLS")
                    : withoutTls("backend does not offer STARTTLS");
        }
        if (idForward && capabilities.contains("ID")) {
            String fields = idFields();
            if (!fields.isEmpty()) {
                return command(State.ID, "ID (" + fields + ")");
            }
        }
        return login();
    }

    /**
     * LOGIN, as perdition does; AUTHENTICATE PLAIN (with SASL-IR when offered) only where LOGIN cannot work: the
     * backend says LOGINDISABLED, or the client gave a SASL authorisation id, which LOGIN cannot carry and which is
     * never dropped silently.
     */
    private Step login() {
        boolean loginDisabled = capabilities.contains("LOGINDISABLED");
        if (!loginDisabled && credentials.authorisationId().isEmpty()) {
            return loginCommand();
        }
        if (capabilities.contains("AUTH=PLAIN")) {
            return capabilities.contains("SASL-IR")
                    ? command(State.AUTHENTICATE, "AUTHENTICATE PLAIN " + plainResponse())
                    : command(State.AUTHENTICATE_CONTINUATION, "AUTHENTICATE PLAIN");
        }
        return loginDisabled
                ? new Failed(LOGIN_DISABLED, null, logout(), "backend advertises LOGINDISABLED")
                : new Failed(SASL_MECHANISM_UNAVAILABLE, null, logout(),
                        "client gave an authorisation id and the backend offers no AUTH=PLAIN to pass it on");
    }

    /** tls_outgoing_force never sends credentials in plaintext; a clean "TLS not present" (§14 row 18). */
    private Step withoutTls(String why) {
        if (tls == OutgoingTls.STARTTLS_FORCE) {
            return new Failed(TLS_NOT_PRESENT, null, logout(), why + "; tls_outgoing_force forbids plaintext");
        }
        tlsDone = true;
        return afterCapability();
    }

    /** After the handshake the capabilities may differ (RFC 9051 §6.2.1): ask again, then log in. */
    @Override
    public Step onTlsEstablished() {
        tlsDone = true;
        capabilities.clear();
        return command(State.CAPABILITY, "CAPABILITY");
    }

    private Step command(State next, String command) {
        state = next;
        tag = tags.next();
        return new Send(tag + " " + command);
    }

    private String logout() {
        return tags.next() + " LOGOUT";
    }

    /**
     * LOGIN user password, as few round trips as the backend allows: the lines up to the first synchronising
     * literal now, the rest after each "+".
     */
    private Step loginCommand() {
        tag = tags.next();
        List<String> batch = new ArrayList<>();
        StringBuilder line = new StringBuilder(tag).append(" LOGIN");
        for (String value : new String[] {credentials.user(), credentials.password()}) {
            if (quotable(value)) {
                line.append(" \"").append(value).append('"');
                continue;
            }
            int octets = value.getBytes(StandardCharsets.ISO_8859_1).length;
            boolean nonSynchronising = capabilities.contains("LITERAL+")
                    || capabilities.contains("LITERAL-") && octets <= LITERAL_MINUS_MAX;
            line.append(" {").append(octets).append(nonSynchronising ? "+}" : "}");
            batch.add(line.toString());
            if (!nonSynchronising) {
                afterContinuation.add(batch.toArray(String[]::new));
                batch.clear();
            }
            line = new StringBuilder(value);
        }
        batch.add(line.toString());
        afterContinuation.add(batch.toArray(String[]::new));
        String[] now = afterContinuation.poll();
        state = afterContinuation.isEmpty() ? State.LOGIN : State.LOGIN_LITERAL;
        return new Send(now);
    }

    /**
     * Whether a quoted string carries the value as it is: printable US-ASCII without the two characters a quoted
     * string escapes (RFC 3501 quoted-specials); anything else, 8-bit octets included, goes as a literal.
     */
    static boolean quotable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private String plainResponse() {
        String message = credentials.authorisationId().orElse("") + "\0" + credentials.user() + "\0" + credentials.password();
        return Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Dovecot's forwarding fields (doc.dovecot.org, "Forwarding parameters"); addresses are plain, no scope. */
    private String idFields() {
        List<String> fields = new ArrayList<>();
        if (session != null) {
            address(fields, "x-originating", session.client());
            address(fields, "x-connected", session.local());
        }
        return String.join(" ", fields);
    }

    private static void address(List<String> fields, String prefix, InetSocketAddress address) {
        if (address == null || address.getAddress() == null) {
            return;
        }
        String ip = address.getAddress().getHostAddress();
        int scope = ip.indexOf('%');
        fields.add("\"" + prefix + "-ip\" \"" + (scope < 0 ? ip : ip.substring(0, scope)) + "\"");
        fields.add("\"" + prefix + "-port\" \"" + address.getPort() + "\"");
    }

    /** The capabilities among text[from, to), separated by spaces. */
    private void addWords(String text, int from, int to) {
        int pos = from;
        while (pos < to) {
            int end = text.indexOf(' ', pos);
            if (end < 0 || end > to) {
                end = to;
            }
            if (end > pos) {
                capabilities.add(text.substring(pos, end).toUpperCase(Locale.ROOT));
            }
            pos = end + 1;
        }
    }

    /** Whether the word at {@code from} is {@code word} (any case), followed by a space or the end of the line. */
    private static boolean isWord(String line, int from, String word) {
        int end = from + word.length();
        return line.regionMatches(true, from, word, 0, word.length())
                && (end == line.length() || line.charAt(end) == ' ');
    }

    /** Whether the line's first word, ending at {@code space} (-1: the whole line), is {@code tag}. */
    private static boolean isTag(String line, int space, String tag) {
        int length = space < 0 ? line.length() : space;
        return tag != null && length == tag.length() && line.startsWith(tag);
    }

    private static boolean isUntagged(String line) {
        return line.equals("*") || line.startsWith("* ");
    }

    @Override
    public String toString() {
        return "ImapBackendDialogue[user=" + credentials.user() + ", state=" + state + "]";
    }
}
