package org.perditioncamel.protocol;

import io.netty.channel.ChannelHandler;
import org.perditioncamel.session.ProxySession;

/**
 * A protocol's pre-login side as seen by the client: greeting, local answers, credential capture and the
 * texts of the login outcome. Pure functions of (session, input), so they are tested without sockets.
 */
public interface Dialect {
    /** The text after the response code of {@link #temporaryFailure}. */
    String TEMPORARY_FAILURE = "Temporary failure, please try again later";

    /** The greeting sent on connect. */
    Reply greeting(ProxySession session);

    /** The greeting without its status word: a backend greeting with the same text is this proxy (a loop). */
    String greetingText(ProxySession session);

    /** Answers one client line before login: a {@link Reply}, or a {@link LoginRequest} that starts a login attempt. */
    Answer handle(ProxySession session, ClientCommand command);

    /** perdition's "failed: reason" reply (§7.5), given after a failed attempt; the client may try again. */
    Reply loginFailed(ProxySession session, String reason);

    /**
     * The answer when the proxy cannot tell where the user's mailbox is right now (a popmap source is down): a
     * temporary failure with the protocol's response code, so the client retries instead of asking for a new password.
     */
    Reply temporaryFailure(ProxySession session);

    /**
     * perdition's answer when authenticate_in (-a) refuses the password, before any backend is asked (reference §5.1,
     * §5.2), after the error delay; the client may try again.
     */
    Reply authenticationFailure(ProxySession session);

    /** The success line: ok_line in the protocol's format (§7.4). */
    Reply loggedIn(ProxySession session, String okLine);

    /** The backend's own final line relayed as the answer (server_resp_line, §7.4). */
    Reply backendLine(ProxySession session, String backendLine);

    /** A clean last word before the proxy closes the session for its own reasons (limits, deadline, errors). */
    Reply goodbye(ProxySession session, String reason);

    /** Frames this protocol's client input before login into ClientCommands (one new handler per connection). */
    default ChannelHandler newDecoder(int maxLineLength) {
        return new LineDecoder(maxLineLength);
    }

    /** What the client gets right after a STARTTLS handshake, before it says anything; nothing for most. */
    default Reply tlsEstablished(ProxySession session) {
        return Reply.none();
    }

    /** What perdition writes before it closes a spliced session that stayed idle for timeout (§8); none for most. */
    default java.util.Optional<Reply> pipeTimeout(ProxySession session) {
        return java.util.Optional.empty();
    }
}
