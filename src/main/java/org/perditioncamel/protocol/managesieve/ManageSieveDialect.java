package org.perditioncamel.protocol.managesieve;

import java.util.List;

import io.netty.channel.ChannelHandler;
import org.perditioncamel.protocol.Ascii;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.protocol.managesieve.ManageSieveTokenizer.Token;
import org.perditioncamel.protocol.sasl.SaslPlain;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.protocol.Answer;
import org.perditioncamel.protocol.LoginRequest;

/** ManageSieve before login, as perdition 2.2 answers it (reference §5.3), with RFC 5804 quoting and SASL. */
public final class ManageSieveDialect implements Dialect {
    /** perdition's default managesieve_capability, in its configuration format. */
    public static final String DEFAULT_CAPABILITY = ManageSieveCapabilities.DEFAULT;

    private static final String PLAIN = "PLAIN";
    private static final String UNKNOWN_COMMAND = "Unknown command, mate";
    private static final String INVALID_PLAIN_RESPONSE = "Invalid AUTHENTICATE \"PLAIN\" challenge, mate";

    /** dialogueState while the client owes the response to our empty SASL PLAIN challenge. */
    private enum Awaiting { PLAIN_RESPONSE }

    private final Greeting greeting;
    private final ManageSieveCapabilities capabilities;
    private final boolean tlsOffered;

    /**
     * @param managesieveCapability managesieve_capability, or null for perdition's default
     * @param loginDisabled         login_disabled: the SASL capability is advertised empty; the login route
     *                              still answers each attempt with "failed: Login Disabled"
     */
    public ManageSieveDialect(Greeting greeting, String managesieveCapability, boolean loginDisabled) {
        this(greeting, managesieveCapability, loginDisabled, false);
    }

    /** @param tlsOffered tls_listen: "STARTTLS" is listed and the command works until the session is on TLS */
    public ManageSieveDialect(Greeting greeting, String managesieveCapability, boolean loginDisabled, boolean tlsOffered) {
        this.greeting = greeting;
        this.capabilities = new ManageSieveCapabilities(managesieveCapability, loginDisabled);
        this.tlsOffered = tlsOffered;
    }

    /** perdition does no ManageSieve loop detection; the backend dialogue compares greetings with this text. */
    @Override
    public String greetingText(ProxySession session) {
        return "perdition ready on " + greeting.host(session.local()) + " " + greeting.checksum();
    }

    @Override
    public Reply greeting(ProxySession session) {
        return capabilityReply(session, greetingText(session));
    }

    @Override
    public ChannelHandler newDecoder(int maxLineLength) {
        return new ManageSieveCommandDecoder(maxLineLength);
    }

    @Override
    public Answer handle(ProxySession session, ClientCommand command) {
        boolean awaitingResponse = session.dialogueState() == Awaiting.PLAIN_RESPONSE;
        session.dialogueState(null);
        if (command.getKind() == ClientCommand.Kind.TOO_LONG) {
            return ManageSieveResponses.no("Mate, the line is too long");
        }
        List<Token> tokens = ManageSieveTokenizer.tokenize(command.raw());
        if (awaitingResponse) {
            return plainResponse(tokens);
        }
        if (tokens.isEmpty() || tokens.get(0).kind() != ManageSieveTokenizer.Kind.ATOM) {
            return ManageSieveResponses.no(UNKNOWN_COMMAND);
        }
        List<Token> args = tokens.subList(1, tokens.size());
        switch (Ascii.upperCase(tokens.get(0).value())) {
            case "CAPABILITY":
                return args.isEmpty() ? capabilityReply(session, "CAPABILITY completed, mate")
                        : ManageSieveResponses.no("Too many arguments, expected CAPABILITY, mate");
            case "NOOP":
                return noop(args);
            case "LOGOUT":
                return args.isEmpty() ? ManageSieveResponses.ok("LOGOUT completed, mate").thenClose()
                        : ManageSieveResponses.no("Too many arguments, expected LOGOUT, mate");
            case "STARTTLS":
                return startTls(session, args);
            case "AUTHENTICATE":
                return authenticate(session, args);
            default:
                return ManageSieveResponses.no(UNKNOWN_COMMAND);
        }
    }

    private Reply capabilityReply(ProxySession session, String okMessage) {
        List<String> lines = capabilities.lines(offersStartTls(session));
        lines.add("OK " + ManageSieveResponses.string(okMessage));
        return Reply.lines(lines.toArray(new String[0]));
    }

    /** RFC 5804 section 2.13: NOOP echoes its string in a TAG response code (perdition wrote nothing, §14 row 9). */
    private static Reply noop(List<Token> args) {
        if (args.isEmpty()) {
            return ManageSieveResponses.ok("NOOP completed, mate");
        }
        if (args.size() > 1) {
            return ManageSieveResponses.no("Too many arguments, expected NOOP [String], mate");
        }
        if (!args.get(0).isString()) {
            // perdition's text, copied from its AUTHENTICATE code; kept byte for byte (reference §14 row 1)
            return ManageSieveResponses.no("Invalid AUTHENTICATE PLAIN challenge, mate");
        }
        return ManageSieveResponses.okTagged(args.get(0).value(), "NOOP completed, mate");
    }

    /**
     * Without tls_listen, or on TLS already, perdition answers STARTTLS as an unknown command. Otherwise
     * {@code OK "Begin TLS negotiation, mate"}, the handshake, then unasked the capabilities without STARTTLS and
     * {@code OK "TLS negotiation completed, mate"} (RFC 5804 section 2.2; see tlsEstablished).
     */
    private Reply startTls(ProxySession session, List<Token> args) {
        if (!offersStartTls(session)) {
            return ManageSieveResponses.no(UNKNOWN_COMMAND);
        }
        if (!args.isEmpty()) {
            return ManageSieveResponses.no("Too many arguments, expected STARTTLS, mate");
        }
        return ManageSieveResponses.ok("Begin TLS negotiation, mate").thenStartTls();
    }

    /** Whether the capabilities list {@code "STARTTLS"}: tls_listen and not yet encrypted (reference §6). */
    private boolean offersStartTls(ProxySession session) {
        return tlsOffered && session != null && session.clientSecure().plaintext();
    }

    @Override
    public Reply tlsEstablished(ProxySession session) {
        return capabilityReply(session, "TLS negotiation completed, mate");
    }

    /** perdition writes BYE "Timeout" after its error delay when a spliced session stays idle (§8). */
    @Override
    public java.util.Optional<Reply> pipeTimeout(ProxySession session) {
        return java.util.Optional.of(goodbye(session, "Timeout").withDelay());
    }

    private static Answer authenticate(ProxySession session, List<Token> args) {
        if (args.isEmpty() || args.size() > 2) {
            return ManageSieveResponses.no("Incorrect argument count, expected AUTHENTICATE <mechanism> [<challenge>], mate");
        }
        Token mechanism = args.get(0);
        // RFC 5804 auth-type is a quoted string; perdition accepts only the quoted "PLAIN", in any case
        if (mechanism.kind() != ManageSieveTokenizer.Kind.QUOTED || !mechanism.value().equalsIgnoreCase(PLAIN)) {
            return ManageSieveResponses.no("Unknown SASL mechanism, mate");
        }
        if (args.size() == 1) {
            // perdition insists on an initial response; RFC 5804 section 2.1 sends an empty challenge instead
            session.dialogueState(Awaiting.PLAIN_RESPONSE);
            return Reply.of(ManageSieveResponses.string(""));
        }
        Token response = args.get(1);
        return response.isString() ? decode(response.value()) : ManageSieveResponses.no(INVALID_PLAIN_RESPONSE);
    }

    /** The client's answer to our empty challenge: one string, or {@code "*"} to cancel (RFC 5804 section 2.1). */
    private static Answer plainResponse(List<Token> tokens) {
        if (tokens.size() != 1) {
            return ManageSieveResponses.no("Incorrect argument count, expected AUTHENTICATE \"PLAIN\" <challenge>, mate");
        }
        Token response = tokens.get(0);
        if (!response.isString()) {
            return ManageSieveResponses.no(INVALID_PLAIN_RESPONSE);
        }
        if (response.value().equals("*")) {
            return ManageSieveResponses.no("Authentication cancelled, mate");
        }
        return decode(response.value());
    }

    private static Answer decode(String base64) {
        SaslPlain.Result result = SaslPlain.decode(base64);
        if (result.credentials().isPresent()) {
            return new LoginRequest(result.credentials().get());
        }
        return ManageSieveResponses.no(result.error() + ", mate");
    }

    @Override
    public Reply loginFailed(ProxySession session, String reason) {
        return ManageSieveResponses.no("failed: " + reason);
    }

    /** RFC 5804's TRYLATER: a temporary failure; the client may try again later. */
    @Override
    public Reply temporaryFailure(ProxySession session) {
        return ManageSieveResponses.noWithCode("TRYLATER", TEMPORARY_FAILURE);
    }

    /** perdition 2.2 closes the connection here (its ManageSieve has no local authentication); we answer as IMAP. */
    @Override
    public Reply authenticationFailure(ProxySession session) {
        return ManageSieveResponses.no("Authentication failure");
    }

    @Override
    public Reply loggedIn(ProxySession session, String okLine) {
        return ManageSieveResponses.ok(okLine);
    }

    /** server_resp_line: the backend's OK or NO exactly as received, literal data included. */
    @Override
    public Reply backendLine(ProxySession session, String backendLine) {
        return Reply.of(backendLine);
    }

    /** Used with a null session by the listener (connection limit, pipelining overflow). */
    @Override
    public Reply goodbye(ProxySession session, String reason) {
        return ManageSieveResponses.bye(reason);
    }

}
