package org.perditioncamel.protocol.imap;

/**
 * A literal announced at the end of a line: "{n}" (synchronising, RFC 9051 §4.3) or "{n+}" (non-synchronising,
 * RFC 7888). The decoder and the argument parser both find literals with this, so they always agree.
 *
 * @param start index of the "{" in the array it was found in
 */
record LiteralMarker(long size, boolean synchronising, int start) {
    /** Enough bytes before a line's end to hold any marker worth reading ("{" 19 digits "+}" and spare). */
    static final int WINDOW = 64;

    /**
     * The marker that ends {@code b[from, to)}, a line without its LF (trailing CRs are ignored), or null.
     * A size beyond a long saturates to Long.MAX_VALUE: it is refused like any other literal over the limit.
     */
    static LiteralMarker atEnd(byte[] b, int from, int to) {
        int end = to;
        while (end > from && b[end - 1] == '\r') {
            end--;
        }
        if (end - from < 3 || b[end - 1] != '}') {
            return null;
        }
        int i = end - 2;
        boolean synchronising = true;
        if (b[i] == '+') {
            synchronising = false;
            i--;
        }
        int digitsEnd = i + 1;
        while (i >= from && b[i] >= '0' && b[i] <= '9') {
            i--;
        }
        if (i < from || b[i] != '{' || i + 1 == digitsEnd) {
            return null;
        }
        long size = 0;
        for (int k = i + 1; k < digitsEnd; k++) {
            int digit = b[k] - '0';
            size = size > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : size * 10 + digit;
        }
        return new LiteralMarker(size, synchronising, i);
    }
}
