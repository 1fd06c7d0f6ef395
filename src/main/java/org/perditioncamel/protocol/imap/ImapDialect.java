package org.perditioncamel.protocol.imap;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.netty.channel.ChannelHandler;
import org.perditioncamel.protocol.Ascii;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.protocol.sasl.SaslPlain;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.protocol.Answer;
import org.perditioncamel.protocol.LoginRequest;

/**
 * IMAP4 before login as perdition 2.2 answers it (reference §5.2), with LOGIN parsed to RFC 9051 and ID and
 * AUTHENTICATE PLAIN added.
 */
public final class ImapDialect implements Dialect {
    private final Greeting greeting;
    private final boolean tlsOffered;
    private final boolean tlsForced;
    private final ImapCapabilities capabilities;
    private final boolean literalPlus;

    /**
     * @param imapCapability imap_capability; null means perdition's default "IMAP4 IMAP4REV1"
     * @param loginDisabled  login_disabled: LOGINDISABLED is advertised (the login route refuses every attempt)
     * @param literalPlus    advertise and honour LITERAL+ (RFC 7888); it is honoured anyway when imap_capability
     *                       lists it
     */
    public ImapDialect(Greeting greeting, String imapCapability, boolean loginDisabled, boolean literalPlus) {
        this(greeting, imapCapability, loginDisabled, literalPlus, false, false);
    }

    /**
     * @param tlsOffered tls_listen: STARTTLS is listed and works until the session is on TLS
     * @param tlsForced  tls_listen_force: LOGINDISABLED is listed until then (reference §6, §15 case 14)
     */
    public ImapDialect(Greeting greeting, String imapCapability, boolean loginDisabled, boolean literalPlus,
                       boolean tlsOffered, boolean tlsForced) {
        this(greeting, imapCapability, loginDisabled, literalPlus, tlsOffered, tlsForced, false);
    }

    /**
     * @param authAdvertised imap_advertise_auth: SASL-IR and AUTH=PLAIN are listed while a login is possible;
     *                       false keeps perdition 2.2's exact list
     */
    public ImapDialect(Greeting greeting, String imapCapability, boolean loginDisabled, boolean literalPlus,
                       boolean tlsOffered, boolean tlsForced, boolean authAdvertised) {
        this.tlsOffered = tlsOffered;
        this.tlsForced = tlsForced;
        this.greeting = greeting;
        this.capabilities = new ImapCapabilities(imapCapability, loginDisabled, literalPlus, authAdvertised);
        this.literalPlus = capabilities.literalPlus();
    }

    @Override
    public ChannelHandler newDecoder(int maxLineLength) {
        return new ImapCommandDecoder(maxLineLength, literalPlus);
    }

    @Override
    public String greetingText(ProxySession session) {
        return "[" + capabilityData(session) + "] perdition ready on " + greeting.host(session.local()) + " " + greeting.checksum();
    }

    @Override
    public Reply greeting(ProxySession session) {
        return Reply.of("* OK " + greetingText(session));
    }

    @Override
    public Answer handle(ProxySession session, ClientCommand command) {
        if (session.dialogueState() instanceof ImapLogin login && login.saslResponseDue()) {
            session.dialogueState(ImapLogin.attempt(login.tag()));
            return saslResponse(session, login.tag(), command);
        }
        byte[] raw = command.raw();
        String line = firstLine(raw);
        int space = line.indexOf(' ');
        String tag = space < 0 ? line : line.substring(0, space);
        if (command.getKind() == ClientCommand.Kind.TOO_LONG) {
            // the decoder kept the line's first word: the client waits for its tag; untagged if there is none
            boolean tagged = space >= 0 && ImapTag.isValid(tag);
            return Reply.delayed((tagged ? tag : "*") + " BAD Mate, the line is too long");
        }
        if (!ImapTag.isValid(tag)) {
            return Reply.delayed("* BAD Invalid tag, mate");
        }
        if (space < 0) {
            return Reply.delayed(tag + " BAD Missing command, mate");
        }
        int nameEnd = line.indexOf(' ', space + 1);
        boolean hasArguments = nameEnd >= 0;
        String name = line.substring(space + 1, hasArguments ? nameEnd : line.length());
        if (name.isEmpty()) {
            return Reply.delayed(tag + " BAD Null command, mate");
        }
        LiteralMarker refused = refusedLiteral(raw);
        if (refused != null) {
            return Reply.delayed(tag + (refused.synchronising() || literalPlus
                    ? " BAD [TOOBIG] Literal too long, mate"
                    : " BAD Non-synchronising literal not supported, mate"));
        }
        String verb = Ascii.upperCase(name);
        switch (verb) {
            case "NOOP":
                return hasArguments ? argumentGiven(tag, verb) : Reply.of(tag + " OK NOOP");
            case "CAPABILITY":
                return hasArguments ? argumentGiven(tag, verb)
                        : Reply.lines("* " + capabilityData(session), tag + " OK CAPABILITY");
            case "LOGOUT":
                return hasArguments ? argumentGiven(tag, verb)
                        : Reply.lines("* BYE IMAP4 server logging out, mate", tag + " OK LOGOUT").thenClose();
            case "STARTTLS":
                return hasArguments ? argumentGiven(tag, verb) : startTls(session, tag);
            case "ID":
                // RFC 2971 without revealing anything; not advertised unless imap_capability says ID
                return hasArguments ? Reply.lines("* ID NIL", tag + " OK ID completed")
                        : Reply.delayed(tag + " BAD Mate, try ID (<field> <value> ...) or ID NIL");
            case "AUTHENTICATE":
                return authenticate(session, tag, hasArguments ? line.substring(nameEnd + 1) : null, firstLineEnd(raw) + 1 < raw.length);
            case "LOGIN":
                return login(session, tag, raw, space + 1 + name.length());
            default:
                // SELECT, FETCH, LIST… too, as perdition: RFC 9051 allows BAD for a command not valid in this state
                return Reply.delayed(tag + " BAD Unrecognised command, mate");
        }
    }

    /** "CAPABILITY" and the list; an empty imap_capability gives no trailing space (perdition's does, §6). */
    private String capabilityData(ProxySession session) {
        boolean plaintext = session == null || session.clientSecure().plaintext();
        String list = capabilities.list(tlsOffered && plaintext, tlsForced && plaintext);
        return list.isEmpty() ? "CAPABILITY" : "CAPABILITY " + list;
    }

    private static Reply argumentGiven(String tag, String verb) {
        return Reply.delayed(tag + " BAD Argument given to " + verb + " but there shouldn't be one, mate");
    }

    /** perdition's three answers (reference §5.2); after the OK the listener runs the handshake. */
    private Reply startTls(ProxySession session, String tag) {
        if (!tlsOffered) {
            return Reply.delayed(tag + " BAD STARTTLS disabled, mate");
        }
        if (!session.clientSecure().plaintext()) {
            return Reply.delayed(tag + " BAD SSL already active, mate");
        }
        return Reply.of(tag + " OK Begin TLS negotiation now").thenStartTls();
    }

    private Answer login(ProxySession session, String tag, byte[] raw, int argumentsAt) {
        Optional<List<String>> arguments = ImapArguments.strings(raw, argumentsAt);
        if (arguments.isEmpty() || arguments.get().size() != 2) {
            return Reply.delayed(tag + " BAD Mate, try LOGIN <username> <passwd>");
        }
        session.dialogueState(ImapLogin.attempt(tag));
        return new LoginRequest(Credentials.of(arguments.get().get(0), arguments.get().get(1)));
    }

    /**
     * perdition refuses every mechanism, at once and without its delay; PLAIN is taken here, with the initial
     * response on the command line (RFC 4959 SASL-IR) or after our "+ ".
     *
     * @param arguments   the first line after "AUTHENTICATE ", or null
     * @param moreLines   the command went on after its first line (a literal)
     */
    private Answer authenticate(ProxySession session, String tag, String arguments, boolean moreLines) {
        String[] args = arguments == null ? new String[0] : arguments.split(" ", -1);
        if (args.length == 0 || args.length > 2 || moreLines || args[0].isEmpty() || args[args.length - 1].isEmpty()) {
            return Reply.delayed(tag + " BAD Mate, try AUTHENTICATE <mechanism>");
        }
        if (!args[0].equalsIgnoreCase("PLAIN")) {
            return Reply.of(tag + " NO AUTHENTICATE mechanism not supported, mate");
        }
        if (args.length == 1) {
            session.dialogueState(ImapLogin.awaitingSaslResponse(tag));
            return Reply.continuation("+ ");
        }
        // RFC 4959: "=" is the empty initial response
        return plain(session, tag, args[1].equals("=") ? "" : args[1]);
    }

    private Answer saslResponse(ProxySession session, String tag, ClientCommand command) {
        if (command.getKind() == ClientCommand.Kind.TOO_LONG) {
            return Reply.delayed(tag + " BAD Mate, the line is too long");
        }
        String response = command.text();
        if (response.equals("*")) {
            // RFC 9051 §6.2.2: the client's cancel gets a tagged BAD; it is the client's choice, so no delay
            return Reply.of(tag + " BAD AUTHENTICATE cancelled, mate");
        }
        return plain(session, tag, response);
    }

    /**
     * RFC 9051 §6.2.2: BAD for a response that is not base64, NO for one that is not a PLAIN message, an empty one
     * included (valid base64 of nothing: perdition's text for a message without an authentication id).
     */
    private static Answer plain(ProxySession session, String tag, String base64) {
        SaslPlain.Result result = base64.isEmpty() ? SaslPlain.message(new byte[0]) : SaslPlain.decode(base64);
        if (result.credentials().isEmpty()) {
            String status = SaslPlain.INVALID_BASE64.equals(result.error()) ? " BAD " : " NO ";
            return Reply.delayed(tag + status + result.error() + ", mate");
        }
        session.dialogueState(ImapLogin.attempt(tag));
        // the client's octets, as LOGIN's: the backend gets the very bytes the client sent
        return new LoginRequest(result.credentials().get());
    }

    /** The index of the LF that ends the first line (raw.length if there is none). */
    private static int firstLineEnd(byte[] raw) {
        int end = 0;
        while (end < raw.length && raw[end] != '\n') {
            end++;
        }
        return end;
    }

    /** The command's first line without CR LF, one char per byte. */
    private static String firstLine(byte[] raw) {
        int end = firstLineEnd(raw);
        while (end > 0 && raw[end - 1] == '\r') {
            end--;
        }
        return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    }

    /**
     * The literal the decoder refused: walking the command's lines and literal data as the decoder framed them,
     * the command ends with the line that announced it (an accepted literal is followed by its data and a line).
     */
    private static LiteralMarker refusedLiteral(byte[] raw) {
        int start = 0;
        while (start < raw.length) {
            int lf = start;
            while (lf < raw.length && raw[lf] != '\n') {
                lf++;
            }
            if (lf == raw.length) {
                return null;
            }
            LiteralMarker marker = LiteralMarker.atEnd(raw, start, lf);
            if (marker == null) {
                return null;
            }
            if (lf + 1 == raw.length) {
                return marker;
            }
            if (marker.size() > raw.length - lf - 1) {
                return null;
            }
            start = lf + 1 + (int) marker.size();
        }
        return null;
    }

    @Override
    public Reply loginFailed(ProxySession session, String reason) {
        return Reply.delayed(tag(session) + " NO failed: " + reason);
    }

    /** RFC 5530's UNAVAILABLE: the operation may succeed if retried later. */
    @Override
    public Reply temporaryFailure(ProxySession session) {
        return Reply.delayed(tag(session) + " NO [UNAVAILABLE] " + TEMPORARY_FAILURE);
    }

    @Override
    public Reply authenticationFailure(ProxySession session) {
        return Reply.delayed(tag(session) + " NO Authentication failure");
    }

    @Override
    public Reply loggedIn(ProxySession session, String okLine) {
        return Reply.of(tag(session) + " OK " + okLine);
    }

    /** The backend's tagged line with the client's tag in place of ours (reference §7.4). */
    @Override
    public Reply backendLine(ProxySession session, String backendLine) {
        int space = backendLine.indexOf(' ');
        return Reply.of(tag(session) + " " + (space < 0 ? "" : backendLine.substring(space + 1)));
    }

    @Override
    public Reply goodbye(ProxySession session, String reason) {
        return Reply.of("* BYE " + reason).thenClose();
    }


    private static String tag(ProxySession session) {
        return session != null && session.dialogueState() instanceof ImapLogin login ? login.tag() : "*";
    }
}
