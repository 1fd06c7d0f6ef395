package org.perditioncamel.protocol.managesieve;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one framed ManageSieve command (its raw bytes, literal data included) into atoms, quoted strings and
 * literals (RFC 5804 section 4). A token that breaks the grammar is kept as INVALID rather than failing the
 * whole line, so each command can give perdition's own complaint about the argument it expected.
 */
public final class ManageSieveTokenizer {
    /** RFC 5804: quoted strings and atoms are limited to 1024 octets. */
    public static final int MAX_STRING = 1024;
    /** Stands for one literal in the line text; never a byte value, as bytes map to chars 0-255. */
    private static final char LITERAL_MARK = '\uE000';

    public enum Kind { ATOM, QUOTED, LITERAL, INVALID }

    /** One argument; {@code value} holds the bytes as ISO-8859-1 chars (quoted strings unescaped). */
    public record Token(Kind kind, String value) {
        static final Token INVALID = new Token(Kind.INVALID, "");

        /** A ManageSieve string: quoted or literal. */
        public boolean isString() {
            return kind == Kind.QUOTED || kind == Kind.LITERAL;
        }

        /** The value may be a SASL response or a password: never print it. */
        @Override
        public String toString() {
            return "Token[" + kind + ", " + value.length() + " chars]";
        }
    }

    private final String text;
    private final List<String> literals;
    private int literalIndex;

    private ManageSieveTokenizer(String text, List<String> literals) {
        this.text = text;
        this.literals = literals;
    }

    /** The tokens of a command as the decoder framed it (LF-terminated lines, literal data after {n+}/{n}). */
    public static List<Token> tokenize(byte[] raw) {
        StringBuilder text = new StringBuilder(raw.length);
        List<String> literals = new ArrayList<>();
        int pos = 0;
        boolean lineStart = true;
        while (pos < raw.length) {
            int lf = indexOf(raw, (byte) '\n', pos);
            int lineEnd = lf < 0 ? raw.length : lf;
            LiteralHeader header = lf < 0 ? null : LiteralHeader.find(raw, pos, lineEnd, lineStart);
            appendLine(raw, pos, header == null ? lineEnd : header.start(), text);
            if (header == null) {
                break;
            }
            pos = lineEnd + 1;
            long available = raw.length - pos;
            if (header.length() > available) {
                // the decoder never hands over a truncated literal; treat one as garbage, not as data
                text.append('\0');
                break;
            }
            int n = (int) header.length();
            literals.add(new String(raw, pos, n, StandardCharsets.ISO_8859_1));
            text.append(LITERAL_MARK);
            pos += n;
            lineStart = false;
        }
        return new ManageSieveTokenizer(text.toString(), literals).tokens();
    }

    /** perdition's tokeniser ignores CR everywhere in a line; literal data keeps every byte. */
    private static void appendLine(byte[] raw, int from, int to, StringBuilder text) {
        for (int i = from; i < to; i++) {
            if (raw[i] != '\r') {
                text.append((char) (raw[i] & 0xff));
            }
        }
    }

    private static int indexOf(byte[] b, byte value, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private List<Token> tokens() {
        List<Token> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        int pos = 0;
        while (true) {
            int[] end = new int[1];
            Token token = token(pos, end);
            int next = end[0];
            if (next < text.length() && text.charAt(next) != ' ') {
                // something glued to the token ("a""b", a literal right after an atom): the token is broken
                token = Token.INVALID;
                next = skipToSpace(next);
            }
            out.add(token);
            if (next >= text.length()) {
                return out;
            }
            pos = next + 1;
            if (pos == text.length()) {
                // a trailing space makes an empty argument, as in perdition ("NOOP " is NOOP with one argument)
                out.add(Token.INVALID);
                return out;
            }
        }
    }

    private Token token(int pos, int[] end) {
        char c = text.charAt(pos);
        if (c == LITERAL_MARK) {
            end[0] = pos + 1;
            return new Token(Kind.LITERAL, literals.get(literalIndex++));
        }
        if (c == '"') {
            return quoted(pos, end);
        }
        return atom(pos, end);
    }

    private Token quoted(int pos, int[] end) {
        StringBuilder value = new StringBuilder();
        boolean valid = true;
        int i = pos + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                end[0] = i + 1;
                return valid && value.length() <= MAX_STRING ? new Token(Kind.QUOTED, value.toString()) : Token.INVALID;
            }
            if (c == '\\') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (next == '"' || next == '\\') {
                    value.append(next);
                    i += 2;
                    continue;
                }
                valid = false;
            } else if (c == LITERAL_MARK) {
                valid = false;
                literalIndex++;
            } else if (c == '\0') {
                valid = false;
            }
            value.append(c);
            i++;
        }
        // unterminated: like perdition's tokeniser, the open quote swallows the rest of the command
        end[0] = text.length();
        return Token.INVALID;
    }

    private Token atom(int pos, int[] end) {
        int i = pos;
        boolean valid = true;
        while (i < text.length() && text.charAt(i) != ' ' && text.charAt(i) != LITERAL_MARK) {
            valid &= isAtomChar(text.charAt(i));
            i++;
        }
        end[0] = i;
        int length = i - pos;
        return valid && length > 0 && length <= MAX_STRING ? new Token(Kind.ATOM, text.substring(pos, i)) : Token.INVALID;
    }

    private int skipToSpace(int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != ' ') {
            i++;
        }
        // literals inside the skipped text are consumed too, so later literal tokens get their own data
        for (int j = from; j < i; j++) {
            if (text.charAt(j) == LITERAL_MARK) {
                literalIndex++;
            }
        }
        return i;
    }

    /** RFC 5804 ATOM-CHAR: any CHAR except "(", ")", "{", SP, CTL, DQUOTE and "\". */
    private static boolean isAtomChar(char c) {
        return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '"' && c != '\\';
    }
}
