package org.perditioncamel.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One unit of client input before login, as handed to the Camel routes: the synthetic CONNECTED event, a
 * complete line, or a line that exceeded the limit. Lines are kept as raw bytes (so a queued command can be
 * relayed verbatim after login) and as ISO-8859-1 text, which maps every byte to one char and back.
 * toString never shows the text: camel-netty logs bodies at DEBUG and the line may be "PASS secret".
 */
public final class ClientCommand {
    public enum Kind { CONNECTED, LINE, TOO_LONG, INPUT_SHUTDOWN, TLS_ESTABLISHED }

    private static final ClientCommand CONNECTED = new ClientCommand(Kind.CONNECTED, new byte[0]);
    private static final ClientCommand INPUT_SHUTDOWN = new ClientCommand(Kind.INPUT_SHUTDOWN, new byte[0]);
    private static final ClientCommand TLS_ESTABLISHED = new ClientCommand(Kind.TLS_ESTABLISHED, new byte[0]);

    private final Kind kind;
    private final byte[] raw;

    private ClientCommand(Kind kind, byte[] raw) {
        this.kind = kind;
        this.raw = raw;
    }

    public static ClientCommand connected() {
        return CONNECTED;
    }

    public static ClientCommand inputShutdown() {
        return INPUT_SHUTDOWN;
    }

    /** The STARTTLS handshake completed: ManageSieve then sends its capabilities unasked (RFC 5804 §2.2). */
    public static ClientCommand tlsEstablished() {
        return TLS_ESTABLISHED;
    }

    /** A complete line including its terminator (CRLF or LF). */
    public static ClientCommand line(byte[] raw) {
        return new ClientCommand(Kind.LINE, raw);
    }

    /** A line longer than the limit; nothing of it is kept (it is never relayed). */
    public static ClientCommand tooLong() {
        return new ClientCommand(Kind.TOO_LONG, new byte[0]);
    }

    /**
     * A line longer than the limit, with its first word and the space after it (IMAP: the tag, for a tagged BAD), or
     * nothing when its first bytes hold no space; it is never relayed.
     */
    public static ClientCommand tooLong(byte[] firstWord) {
        return new ClientCommand(Kind.TOO_LONG, firstWord.clone());
    }

    public Kind getKind() {
        return kind;
    }

    /** Simple-language friendly accessor for routes: ${body.kind}. */
    public String kind() {
        return kind.name();
    }

    public byte[] raw() {
        return raw.clone();
    }

    /** Bytes this command holds, for memory bounds. */
    public int size() {
        return raw.length;
    }

    /** The line without its terminator; CRs are dropped as perdition's tokeniser does. */
    public String text() {
        int end = raw.length;
        if (end > 0 && raw[end - 1] == '\n') {
            end--;
        }
        StringBuilder sb = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            if (raw[i] != '\r') {
                sb.append((char) (raw[i] & 0xff));
            }
        }
        return sb.toString();
    }

    /** The line as bytes in ISO-8859-1, for callers that need exact bytes back from text. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "ClientCommand[" + kind + (kind == Kind.LINE ? ", " + raw.length + " bytes" : "") + "]";
    }
}
