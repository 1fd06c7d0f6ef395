package org.perditioncamel.backend;

import java.nio.charset.StandardCharsets;

import org.perditioncamel.protocol.managesieve.LiteralHeader;

/**
 * Joins the backend's physical lines into ManageSieve response lines: a line ending in {@code {n}} continues
 * after n octets of literal data (RFC 5804 literal-s2c), which the line decoder has cut at each CRLF. The
 * joined line keeps the literal and its CRLFs, so it can be relayed to the client as it was sent.
 */
final class ManageSieveBackendLines {
    /** A login-phase response far beyond any capability list or message is not a ManageSieve server. */
    static final int MAX_RESPONSE = 65536;

    private StringBuilder pending;
    /** Literal octets still to come; the decoder's CRLFs inside the data count as two octets. */
    private long literalRemaining;
    /** The literal data ended with a CRLF, so the next physical line is all rest-of-line. */
    private boolean restLineNext;

    /**
     * @return the complete response line without its final CRLF, or null while more of it is to come
     * @throws IllegalStateException when the response would exceed {@link #MAX_RESPONSE}
     */
    String feed(String line) {
        if (pending == null) {
            pending = new StringBuilder(line);
            return afterData(line, true);
        }
        pending.append("\r\n").append(line);
        if (pending.length() > MAX_RESPONSE) {
            throw new IllegalStateException("backend response longer than " + MAX_RESPONSE + " octets");
        }
        if (restLineNext) {
            restLineNext = false;
            return afterData(line, false);
        }
        if (literalRemaining >= line.length() + 2L) {
            literalRemaining -= line.length() + 2L;
            restLineNext = literalRemaining == 0;
            return null;
        }
        String rest = literalRemaining <= line.length() ? line.substring((int) literalRemaining) : "";
        literalRemaining = 0;
        return afterData(rest, false);
    }

    /** {@code segment} is what follows the literal data (or a whole first line); it may announce another. */
    private String afterData(String segment, boolean lineStart) {
        byte[] bytes = segment.getBytes(StandardCharsets.ISO_8859_1);
        LiteralHeader header = LiteralHeader.find(bytes, 0, bytes.length, lineStart);
        if (header == null) {
            String done = pending.toString();
            pending = null;
            return done;
        }
        if (pending.length() + header.length() > MAX_RESPONSE) {
            throw new IllegalStateException("backend literal of " + header.length() + " octets");
        }
        literalRemaining = header.length();
        restLineNext = literalRemaining == 0;
        return null;
    }
}
