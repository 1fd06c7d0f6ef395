package org.perditioncamel.bench;

import java.nio.charset.StandardCharsets;

/**
 * One command of a scripted session and the reply it waits for. {@code request} is null for the greeting;
 * {@code expected}, when set, is the message the reply's data must reproduce byte for byte.
 */
record Step(byte[] request, Expect expect, String tag, byte[] expected, String label) {

    static Step greeting(Expect expect) {
        return new Step(null, expect, null, null, "greeting");
    }

    static Step command(String line, Expect expect, String tag, String label) {
        return new Step((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1), expect, tag, null, label);
    }
}
