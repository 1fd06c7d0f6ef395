package org.perditioncamel.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Recognises the end of one reply in a stream of bytes, without copying data: lines are kept only up to
 * {@link #MAX_KEPT} bytes (enough to see a status or a tag), literals and POP3 data are compared with the
 * expected message as they pass.
 */
final class ReplyReader {
    private static final int MAX_KEPT = 512;

    private final byte[] line = new byte[MAX_KEPT];
    private int lineLength;
    private Step step;
    private byte[] tagPrefix;
    private boolean ok;
    // IMAP/ManageSieve literal bytes still to pass
    private long literal;
    // POP3 data state
    private boolean inData;
    private boolean atLineStart;
    private boolean pendingDot;
    private boolean endPending;
    // verification
    private int verified;
    private boolean mismatch;
    private String status = "";

    void expect(Step next) {
        step = next;
        tagPrefix = next.tag() == null ? null : (next.tag() + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        lineLength = 0;
        ok = false;
        literal = 0;
        inData = false;
        atLineStart = true;
        pendingDot = false;
        endPending = false;
        verified = 0;
        mismatch = false;
        status = "";
    }

    /** Consumes bytes of {@code in} (heap buffer, flipped); true when the reply is complete (the rest stays). */
    boolean feed(ByteBuffer in) {
        byte[] a = in.array();
        int p = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        try {
            while (p < end) {
                if (literal > 0) {
                    int n = (int) Math.min(literal, end - p);
                    verify(a, p, n);
                    p += n;
                    literal -= n;
                    continue;
                }
                if (inData) {
                    int[] at = {p};
                    if (pop3Data(a, at, end)) {
                        p = at[0];
                        return true;
                    }
                    p = at[0];
                    continue;
                }
                byte b = a[p++];
                if (lineLength < MAX_KEPT) {
                    line[lineLength] = b;
                }
                lineLength++;
                if (b == '\n') {
                    if (endOfLine()) {
                        return true;
                    }
                    lineLength = 0;
                }
            }
            return false;
        } finally {
            in.position(p - in.arrayOffset());
        }
    }

    /** True when the reply succeeded (status line OK) and its data, if checked, matched in full. */
    boolean ok() {
        return ok && !mismatch && (step.expected() == null || verified == step.expected().length);
    }

    /** Bytes of the expected message the reply reproduced. */
    int verifiedBytes() {
        return mismatch ? 0 : verified;
    }

    String status() {
        return status;
    }

    private boolean endOfLine() {
        int kept = Math.min(lineLength, MAX_KEPT);
        switch (step.expect()) {
            case POP3_LINE:
                ok = startsWith("+OK");
                status = text(kept);
                return true;
            case POP3_DATA:
                ok = startsWith("+OK");
                status = text(kept);
                if (!ok) {
                    return true;
                }
                inData = true;
                atLineStart = true;
                return false;
            case IMAP_GREETING:
                ok = startsWith("* OK");
                status = text(kept);
                return true;
            case IMAP_TAGGED:
                if (literalFollows(kept)) {
                    return false;
                }
                if (tagPrefix != null && startsWith(tagPrefix)) {
                    ok = startsWith(tagPrefix, "OK");
                    status = text(kept);
                    return true;
                }
                return false;
            case SIEVE:
                if (literalFollows(kept)) {
                    return false;
                }
                if (startsWith("OK") || startsWith("NO") || startsWith("BYE")) {
                    ok = startsWith("OK");
                    status = text(kept);
                    return true;
                }
                return false;
            default:
                throw new IllegalStateException(step.expect().name());
        }
    }

    /** A line ending in {N} or {N+} announces N bytes of literal, then the line goes on. */
    private boolean literalFollows(int kept) {
        int close = kept - 3; // ... } CR LF
        if (close < 1 || kept < lineLength || line[close] != '}') {
            return false;
        }
        int q = close - 1;
        if (line[q] == '+') {
            q--;
        }
        long n = 0;
        long scale = 1;
        int digits = 0;
        while (q >= 0 && line[q] >= '0' && line[q] <= '9' && digits < 18) {
            n += (line[q] - '0') * scale;
            scale *= 10;
            q--;
            digits++;
        }
        if (digits == 0 || q < 0 || line[q] != '{') {
            return false;
        }
        literal = n;
        // the first line of the reply decides the status; the continuation after the literal is a new line
        lineLength = 0;
        return true;
    }

    /** Streams POP3 data: removes dot-stuffing, compares with the message, stops at the dot line. */
    private boolean pop3Data(byte[] a, int[] at, int end) {
        int p = at[0];
        byte[] expected = step.expected();
        while (p < end) {
            byte b = a[p++];
            if (endPending) {
                endPending = false;
                inData = false;
                at[0] = p;
                if (b != '\n') {
                    mismatch = true;
                }
                return true;
            }
            if (pendingDot) {
                pendingDot = false;
                if (b == '\r') {
                    endPending = true;
                    continue;
                }
                // a stuffed dot: the first one was removed, this byte is data
            } else if (atLineStart && b == '.') {
                pendingDot = true;
                atLineStart = false;
                continue;
            }
            if (expected != null) {
                if (verified >= expected.length || expected[verified] != b) {
                    mismatch = true;
                } else {
                    verified++;
                }
            }
            atLineStart = b == '\n';
        }
        at[0] = p;
        return false;
    }

    private void verify(byte[] a, int p, int n) {
        byte[] expected = step.expected();
        if (expected == null || mismatch) {
            return;
        }
        if (verified + n > expected.length
                || Arrays.mismatch(a, p, p + n, expected, verified, verified + n) >= 0) {
            mismatch = true;
            return;
        }
        verified += n;
    }

    private boolean startsWith(String s) {
        return startsWith(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private boolean startsWith(byte[] prefix) {
        if (Math.min(lineLength, MAX_KEPT) < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWith(byte[] tag, String rest) {
        byte[] r = rest.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (Math.min(lineLength, MAX_KEPT) < tag.length + r.length) {
            return false;
        }
        for (int i = 0; i < r.length; i++) {
            if (line[tag.length + i] != r[i]) {
                return false;
            }
        }
        return true;
    }

    private String text(int kept) {
        int n = kept;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
            n--;
        }
        return new String(line, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
