package org.perditioncamel.protocol.managesieve;

import org.perditioncamel.protocol.Reply;

/**
 * ManageSieve responses as the proxy writes them: {@code OK}/{@code NO}/{@code BYE}, an optional response code
 * and the message as a string. perdition 2.2 put texts inside quotes without escaping {@code "} and
 * {@code \} (reference §14 row 10); here they are escaped, and a text that a quoted string cannot carry
 * becomes a literal.
 */
final class ManageSieveResponses {
    private ManageSieveResponses() {
    }

    /**
     * A server-to-client string (RFC 5804 quoted or literal-s2c): quoted with {@code "} and {@code \} escaped,
     * or {@code {n}} CRLF text when it holds CR, LF or NUL or is longer than a quoted string may be. Texts are
     * ISO-8859-1 chars standing for bytes, so the length counts octets.
     */
    static String string(String text) {
        if (needsLiteral(text)) {
            return "{" + text.length() + "}\r\n" + text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static boolean needsLiteral(String text) {
        if (text.length() > ManageSieveTokenizer.MAX_STRING) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                return true;
            }
        }
        return false;
    }

    static Reply ok(String message) {
        return Reply.of("OK " + string(message));
    }

    /** {@code OK (TAG "x") "message"}: RFC 5804 section 2.13, the answer to {@code NOOP "x"}. */
    static Reply okTagged(String tag, String message) {
        return Reply.of("OK (TAG " + string(tag) + ") " + string(message));
    }

    /** {@code NO (CODE) "message"}, delayed as every NO. */
    static Reply noWithCode(String code, String message) {
        return Reply.delayed("NO (" + code + ") " + string(message));
    }

    /** perdition sleeps before every NO it writes (reference §5.3). */
    static Reply no(String message) {
        return Reply.delayed("NO " + string(message));
    }

    static Reply bye(String message) {
        return Reply.of("BYE " + string(message)).thenClose();
    }
}
