package org.perditioncamel.backend;

/**
 * perdition's loop check: a backend greeting whose text is the proxy's own greeting means the popmap sent the proxy
 * to itself. perdition compares the words after the status, re-joined by single spaces by its tokeniser; this compares
 * the same words in place, without splitting the line (every backend login reads a greeting).
 */
final class GreetingWords {
    private GreetingWords() {
    }

    /** Whether the words of {@code line} after its first {@code skip} words, joined by single spaces, are {@code text}. */
    static boolean restEquals(String line, int skip, String text) {
        int n = line.length();
        int pos = 0;
        int seen = 0;
        int matched = 0;   // characters of text matched so far
        while (true) {
            while (pos < n && line.charAt(pos) == ' ') {
                pos++;
            }
            if (pos >= n) {
                return matched == text.length();
            }
            int end = line.indexOf(' ', pos);
            if (end < 0) {
                end = n;
            }
            if (++seen > skip) {
                if (seen > skip + 1) {   // a single space before every word but the first
                    if (matched >= text.length() || text.charAt(matched) != ' ') {
                        return false;
                    }
                    matched++;
                }
                int length = end - pos;
                if (!text.regionMatches(matched, line, pos, length)) {
                    return false;
                }
                matched += length;
            }
            pos = end;
        }
    }
}
