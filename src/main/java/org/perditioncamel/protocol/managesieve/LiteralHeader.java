package org.perditioncamel.protocol.managesieve;

/**
 * The announcement of a literal at the end of a line, {@code {n+}} or {@code {n}} (RFC 5804 literal-c2s and
 * literal-s2c): the line's data continues with n octets, then the rest of the line. The decoder that frames
 * commands and the tokenizer that reads them use this one rule, so they always agree where a command ends.
 *
 * @param start            index of the '{'
 * @param length           the announced number of octets (at most 2^32 - 1)
 * @param nonSynchronising true for {@code {n+}}
 */
public record LiteralHeader(int start, long length, boolean nonSynchronising) {
    /** The longest line ending that can hold a header: SP "{4294967295+}" and a CR. */
    public static final int MAX_ENDING = 15;
    private static final int MAX_DIGITS = 10;
    private static final long MAX_LENGTH = 0xFFFFFFFFL;

    /**
     * Finds a header at the end of {@code b[from, to)}, one line without its LF; one CR before the LF is
     * ignored. Fixing the rule to one CR lets the decoder look only at the last {@link #MAX_ENDING} bytes.
     * The '{' must start a token: it follows a space, or it is the first byte of a line that begins a command
     * ({@code fromIsLineStart}). After literal data the rest of the line must start with a space, so a '{'
     * glued to the data does not count.
     *
     * @return the header, or null when the line does not end in one
     */
    public static LiteralHeader find(byte[] b, int from, int to, boolean fromIsLineStart) {
        int end = to > from && b[to - 1] == '\r' ? to - 1 : to;
        if (end - from < 3 || b[end - 1] != '}') {
            return null;
        }
        int i = end - 2;
        boolean plus = b[i] == '+';
        if (plus) {
            i--;
        }
        int lastDigit = i;
        while (i >= from && b[i] >= '0' && b[i] <= '9') {
            i--;
        }
        int digits = lastDigit - i;
        if (digits < 1 || digits > MAX_DIGITS || i < from || b[i] != '{') {
            return null;
        }
        boolean tokenStart = i == from ? fromIsLineStart : b[i - 1] == ' ';
        if (!tokenStart) {
            return null;
        }
        long n = 0;
        for (int d = i + 1; d <= lastDigit; d++) {
            n = n * 10 + (b[d] - '0');
        }
        return n > MAX_LENGTH ? null : new LiteralHeader(i, n, plus);
    }
}
