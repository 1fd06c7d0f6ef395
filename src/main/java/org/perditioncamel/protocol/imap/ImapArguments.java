package org.perditioncamel.protocol.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A command's arguments as strings (RFC 9051 §4.3 astring): atoms taken verbatim, quoted strings with only
 * {@code \"} and {@code \\} unescaped, and literals byte for byte. This replaces perdition's LOGIN parsing, which
 * unescapes atoms and strips a password's quotes according to the user name's form (reference §14 row 11).
 * Strings hold one char per byte (ISO-8859-1), so the backend gets back exactly the client's bytes.
 */
final class ImapArguments {
    private ImapArguments() {
    }

    /**
     * The space-separated strings from {@code raw[at]} (the byte after the command name) to the command's end,
     * or empty if they are not that: an empty argument (two spaces, a trailing space), a CTL or {@code "} in an
     * atom, an unterminated quoted string, a NUL anywhere, or a literal the decoder did not read.
     */
    static Optional<List<String>> strings(byte[] raw, int at) {
        List<String> values = new ArrayList<>();
        int pos = at;
        while (!atCommandEnd(raw, pos)) {
            if (raw[pos] != ' ' || pos + 1 >= raw.length) {
                return Optional.empty();
            }
            pos++;
            byte first = raw[pos];
            if (first == '"') {
                pos = quoted(raw, pos, values);
            } else if (first == '{') {
                pos = literal(raw, pos, values);
            } else {
                pos = atom(raw, pos, values);
            }
            if (pos < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    /** True at the end of the raw bytes or at the CRs and LF that end them. */
    private static boolean atCommandEnd(byte[] raw, int pos) {
        int p = pos;
        while (p < raw.length && raw[p] == '\r') {
            p++;
        }
        return p == raw.length || (raw[p] == '\n' && p == raw.length - 1);
    }

    private static int atom(byte[] raw, int pos, List<String> values) {
        int p = pos;
        while (p < raw.length && raw[p] != ' ' && raw[p] != '\r' && raw[p] != '\n') {
            int b = raw[p] & 0xff;
            // lenient like perdition (%, *, \, 8-bit pass) but a quote or a control byte means broken syntax
            if (b < 0x20 || b == 0x7f || b == '"') {
                return -1;
            }
            p++;
        }
        if (p == pos) {
            return -1;
        }
        values.add(text(raw, pos, p));
        return p;
    }

    private static int quoted(byte[] raw, int pos, List<String> values) {
        StringBuilder sb = new StringBuilder();
        int p = pos + 1;
        while (p < raw.length) {
            int b = raw[p] & 0xff;
            if (b == '"') {
                values.add(sb.toString());
                return p + 1;
            }
            if (b == '\\') {
                int next = p + 1 < raw.length ? raw[p + 1] & 0xff : -1;
                if (next != '"' && next != '\\') {
                    return -1;
                }
                sb.append((char) next);
                p += 2;
                continue;
            }
            if (b == '\r' || b == '\n' || b == 0) {
                return -1;
            }
            sb.append((char) b);
            p++;
        }
        return -1;
    }

    private static int literal(byte[] raw, int pos, List<String> values) {
        int lf = pos;
        while (lf < raw.length && raw[lf] != '\n') {
            lf++;
        }
        if (lf == raw.length) {
            return -1;
        }
        LiteralMarker marker = LiteralMarker.atEnd(raw, pos, lf);
        int data = lf + 1;
        if (marker == null || marker.start() != pos || marker.size() > raw.length - data) {
            return -1;
        }
        int end = data + (int) marker.size();
        for (int p = data; p < end; p++) {
            if (raw[p] == 0) {
                return -1;
            }
        }
        values.add(text(raw, data, end));
        return end;
    }

    private static String text(byte[] raw, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            sb.append((char) (raw[i] & 0xff));
        }
        return sb.toString();
    }
}
