package org.perditioncamel.protocol;

/**
 * Command names as perdition compares them: strcasecmp in the C locale folds ASCII letters only. Client input holds
 * one char per octet, and Java's case mapping would turn a Latin-1 sharp s (octet DF) into "SS".
 */
public final class Ascii {
    private Ascii() {
    }

    /** {@code s} with a-z raised to A-Z and every other char as it is; the length never changes. */
    public static String upperCase(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, (char) (c - ('a' - 'A')));
            }
        }
        return out == null ? s : out.toString();
    }
}
