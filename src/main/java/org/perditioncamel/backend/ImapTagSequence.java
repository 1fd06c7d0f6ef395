package org.perditioncamel.backend;

/**
 * perdition's own IMAP tags (imap4_tag.c): "flim07" first in every session, then counting in base 62 with the
 * digits 0-9, a-z, A-Z, so flim09 is followed by flim0a and flim0Z by flim10 (reference §7.2).
 */
final class ImapTagSequence {
    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final StringBuilder counter = new StringBuilder("07");

    /** The next unused tag. */
    String next() {
        String tag = "flim" + counter;
        increment();
        return tag;
    }

    private void increment() {
        for (int i = counter.length() - 1; i >= 0; i--) {
            int digit = DIGITS.indexOf(counter.charAt(i));
            if (digit < DIGITS.length() - 1) {
                counter.setCharAt(i, DIGITS.charAt(digit + 1));
                return;
            }
            counter.setCharAt(i, '0');
        }
        // past flimZZ: one digit more rather than reusing a tag
        counter.insert(0, '1');
    }
}
