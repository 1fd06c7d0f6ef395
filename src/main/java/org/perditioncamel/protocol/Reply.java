package org.perditioncamel.protocol;

import java.nio.charset.StandardCharsets;

/**
 * What the proxy writes to the client for one command before login: the exact bytes (CRLF included),
 * whether perdition delays it (its 3-second error delay, applied by the route as an async delay), and
 * whether the session closes after it.
 */
public record Reply(String text, boolean delayed, boolean close, boolean startTls, boolean unsolicited,
                    boolean continuation) implements Answer {

    @Override
    public boolean startsLogin() {
        return false;
    }

    public Reply(String text, boolean delayed, boolean close) {
        this(text, delayed, close, false, false);
    }

    public Reply(String text, boolean delayed, boolean close, boolean startTls) {
        this(text, delayed, close, startTls, false);
    }

    public Reply(String text, boolean delayed, boolean close, boolean startTls, boolean unsolicited) {
        this(text, delayed, close, startTls, unsolicited, false);
    }

    /**
     * Not the answer to a client command (what follows a STARTTLS handshake): decoders that wait for the answer to
     * the command they emitted must not count it.
     */
    public Reply asUnsolicited() {
        return new Reply(text, delayed, close, startTls, true, continuation);
    }

    /**
     * A command continuation request (RFC 9051 §7.5) asking for a SASL response: the client's next line answers it.
     * Marked, not read from the text: a client's tag may begin with "+" (perdition accepts it), and its replies do too.
     */
    public static Reply continuation(String line) {
        return new Reply(line + "\r\n", false, false, false, false, true);
    }

    /** Nothing to write, but the command is answered (e.g. after a TLS handshake in POP3 and IMAP). */
    public static Reply none() {
        return new Reply("", false, false);
    }

    public static Reply of(String line) {
        return new Reply(line + "\r\n", false, false);
    }

    public static Reply delayed(String line) {
        return new Reply(line + "\r\n", true, false);
    }

    /** Several lines at once (CAPA, CAPABILITY, ManageSieve greeting); each gets CRLF. */
    public static Reply lines(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        return new Reply(sb.toString(), false, false);
    }

    public Reply thenClose() {
        return new Reply(text, delayed, true, startTls, unsolicited, continuation);
    }

    public Reply withDelay() {
        return new Reply(text, true, close, startTls, unsolicited, continuation);
    }

    /** STARTTLS/STLS: once this reply is written, the TLS handshake starts on the client connection. */
    public Reply thenStartTls() {
        return new Reply(text, delayed, close, true, unsolicited, continuation);
    }

    public byte[] bytes() {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Replies may echo the user name, never a password; still, keep bodies out of DEBUG logs. */
    @Override
    public String toString() {
        return "Reply[" + text.length() + " chars" + (delayed ? ", delayed" : "") + (close ? ", close" : "") + (startTls ? ", starttls" : "") + "]";
    }
}
