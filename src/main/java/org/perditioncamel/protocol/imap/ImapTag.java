package org.perditioncamel.protocol.imap;

/**
 * perdition's tag check (reference §5.2): printable 7-bit ASCII without space and without any of
 * {@code ( ) { % * " \ ]}. It lets "+" through, against RFC 9051, because perdition 2.2 does and clients tag so.
 */
final class ImapTag {
    private static final String FORBIDDEN = "(){%*\"\\]";

    private ImapTag() {
    }

    static boolean isValid(String tag) {
        if (tag.isEmpty()) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c <= 0x20 || c >= 0x7f || FORBIDDEN.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
