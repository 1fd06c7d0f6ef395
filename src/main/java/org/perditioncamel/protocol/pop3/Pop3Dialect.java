package org.perditioncamel.protocol.pop3;

import java.util.List;

import org.perditioncamel.protocol.Ascii;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.protocol.Answer;
import org.perditioncamel.protocol.LoginRequest;

/** POP3 before login, as perdition 2.2 answers it (reference §5.1), with its texts and delays. */
public final class Pop3Dialect implements Dialect {
    private static final String COMMANDS = "CAPA, USER, PASS or QUIT";
    /** perdition echoes any name into a 4094-byte buffer and overflows it (reference §12); we refuse long ones. */
    static final int MAX_USER_LENGTH = 1000;

    private final Greeting greeting;
    private final List<String> capabilities;
    private final boolean tlsOffered;

    public Pop3Dialect(Greeting greeting, String popCapability) {
        this(greeting, popCapability, false);
    }

    /** @param tlsOffered tls_listen: STLS is offered until the session is on TLS (reference §5.1, §6) */
    public Pop3Dialect(Greeting greeting, String popCapability, boolean tlsOffered) {
        this.greeting = greeting;
        this.capabilities = Pop3Capabilities.parse(popCapability);
        this.tlsOffered = tlsOffered;
    }

    private boolean stlsOffered(ProxySession session) {
        return tlsOffered && session.clientSecure().plaintext();
    }

    private String commands(ProxySession session) {
        return stlsOffered(session) ? "STLS, " + COMMANDS : COMMANDS;
    }

    @Override
    public String greetingText(ProxySession session) {
        return "POP3 perditon ready on " + greeting.host(session.local()) + " " + greeting.checksum();
    }

    @Override
    public Reply greeting(ProxySession session) {
        return Reply.of("+OK " + greetingText(session));
    }

    @Override
    public Answer handle(ProxySession session, ClientCommand command) {
        if (command.getKind() == ClientCommand.Kind.TOO_LONG) {
            return Reply.delayed("-ERR Mate, the line is too long");
        }
        String line = command.text();
        String[] tokens = line.split(" ", -1);
        String verb = Ascii.upperCase(tokens[0]);
        if (verb.isEmpty()) {
            return Reply.delayed("-ERR Null command, mate");
        }
        if (verb.length() != 4) {
            Reply tooShort = Reply.of("-ERR Mate, the command is too short, must be one of " + commands(session));
            // perdition answers a prefix of AUTH at once: clients probing RFC 5034 AUTH are not punished
            return "AUTH".startsWith(verb) ? tooShort : tooShort.withDelay();
        }
        switch (verb) {
            case "CAPA":
                return tokens.length == 1 ? capa(session) : Reply.delayed("-ERR Mate, try: CAPA");
            case "STLS":
                return stls(session, tokens);
            case "USER":
                return user(session, tokens);
            case "PASS":
                return pass(session, line, tokens);
            case "QUIT":
                return tokens.length == 1 ? Reply.of("+OK QUIT").thenClose() : Reply.delayed("-ERR Mate, try: QUIT");
            case "AUTH":
                return Reply.of("-ERR Mate, the command must be one of " + commands(session));
            default:
                return Reply.delayed("-ERR Mate, the command must be one of " + commands(session));
        }
    }

    private Reply stls(ProxySession session, String[] tokens) {
        if (!tlsOffered) {
            return Reply.delayed("-ERR Mate, the command must be one of " + COMMANDS);
        }
        if (tokens.length != 1) {
            return Reply.delayed("-ERR Mate, try: STLS");
        }
        if (!session.clientSecure().plaintext()) {
            return Reply.delayed("-ERR TLS already active, mate");
        }
        return Reply.of("+OK Begin TLS negotiation, mate").thenStartTls();
    }

    /** STLS is added while it is offered and removed otherwise, as a token (reference §6, §14 row 6). */
    private Reply capa(ProxySession session) {
        List<String> caps = new java.util.ArrayList<>();
        for (String c : capabilities) {
            if (!c.equalsIgnoreCase("STLS")) {
                caps.add(c);
            }
        }
        if (stlsOffered(session)) {
            caps.add("STLS");
        }
        String[] lines = new String[caps.size() + 2];
        lines[0] = "+OK Capability list follows, mate";
        for (int i = 0; i < caps.size(); i++) {
            lines[i + 1] = caps.get(i);
        }
        lines[lines.length - 1] = ".";
        return Reply.lines(lines);
    }

    /**
     * A USER given before STLS is forgotten once TLS is up, as perdition's (its pop3_in_get_pw starts over): a name
     * sent in plaintext, or injected there by someone in the middle, must not pair with a PASS sent over TLS.
     */
    @Override
    public Reply tlsEstablished(ProxySession session) {
        session.dialogueState(null);
        return Reply.none();
    }

    private Reply user(ProxySession session, String[] tokens) {
        if (tokens.length != 2 || tokens[1].isEmpty() || tokens[1].length() > MAX_USER_LENGTH || hasControl(tokens[1])) {
            return Reply.delayed("-ERR Mate, try: USER <username>");
        }
        session.dialogueState(tokens[1]);
        return Reply.of("+OK USER " + tokens[1] + " set, mate");
    }

    private Answer pass(ProxySession session, String line, String[] tokens) {
        Object user = session.dialogueState();
        if (!(user instanceof String)) {
            return Reply.delayed("-ERR USER not yet set, mate");
        }
        if (tokens.length == 1) {
            return Reply.delayed("-ERR Mate, try: PASS <password>");
        }
        // perdition sends everything after "PASS " verbatim: runs of spaces and trailing spaces are kept
        String password = line.substring(5);
        // the name is forgotten after each attempt: a retry starts with USER again (reference §5.1)
        session.dialogueState(null);
        return new LoginRequest(Credentials.of((String) user, password));
    }

    /** NUL and other control bytes in a name would be echoed into our reply and logs; perdition cuts at NUL. */
    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Reply loginFailed(ProxySession session, String reason) {
        return Reply.delayed("-ERR failed: " + reason);
    }

    /** RFC 3206's SYS/TEMP: a failure in the system, not the credentials; try again later. */
    @Override
    public Reply temporaryFailure(ProxySession session) {
        return Reply.delayed("-ERR [SYS/TEMP] " + TEMPORARY_FAILURE);
    }

    @Override
    public Reply authenticationFailure(ProxySession session) {
        return Reply.delayed("-ERR Authentication failure, mate");
    }

    @Override
    public Reply loggedIn(ProxySession session, String okLine) {
        return Reply.of("+OK " + okLine);
    }

    @Override
    public Reply backendLine(ProxySession session, String backendLine) {
        return Reply.of(backendLine);
    }

    @Override
    public Reply goodbye(ProxySession session, String reason) {
        return Reply.of("-ERR " + reason).thenClose();
    }

}
