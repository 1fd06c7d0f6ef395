package org.perditioncamel.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLogHandlerTest {
    @Test
    void credentialsShouldBeBlankedAcrossChunksAndLiterals() {
        ConnectionLogHandler.Redactor r = new ConnectionLogHandler.Redactor();
        assertThat(r.apply("USER alice\r\nPASS s3cret\r\n")).isEqualTo("USER alice\r\nPASS <redacted>\r\n");
        assertThat(r.apply("a1 LOGIN alice hunter2\r\n")).isEqualTo("a1 LOGIN <redacted>\r\n");
        assertThat(r.apply("a2 LOGIN {5}\r\n")).isEqualTo("a2 LOGIN <redacted>\r\n");
        // the literal by its count (5 octets), then the rest of its line
        assertThat(r.apply("alice {7}\r\n")).isEqualTo("<redacted><redacted>\r\n");
        assertThat(r.apply("hunter2\r\n")).isEqualTo("<redacted>\r\n");
        assertThat(r.apply("a3 NOOP\r\n")).isEqualTo("a3 NOOP\r\n");
        assertThat(r.apply("a4 AUTHENTICATE PLAIN\r\n")).isEqualTo("a4 AUTHENTICATE PLAIN <redacted>\r\n");
        assertThat(r.apply("AGFsaWNlAHNlY3JldA==\r\n")).isEqualTo("<redacted>\r\n");
        assertThat(r.apply("AUTHENTICATE \"PLAIN\" \"AGFsaWNlAHNlY3JldA==\"\r\n")).isEqualTo("AUTHENTICATE \"PLAIN\" <redacted>\r\n");
        assertThat(r.apply("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n")).isEqualTo("AUTH PLAIN <redacted>\r\n");
    }

    @Test
    void aCredentialSplitAcrossReadsShouldStillBeBlanked() {
        ConnectionLogHandler.Redactor r = new ConnectionLogHandler.Redactor();
        assertThat(r.apply("USER alice\r\nPA")).isEqualTo("USER alice\r\n");
        assertThat(r.apply("SS hunt")).isEmpty();
        assertThat(r.apply("er2\r\nSTAT\r\n")).isEqualTo("PASS <redacted>\r\nSTAT\r\n");
        assertThat(r.apply("a1 LOGIN us")).isEmpty();
        assertThat(r.apply("er secret\r\n")).isEqualTo("a1 LOGIN <redacted>\r\n");
        assertThat(r.apply("x".repeat(ConnectionLogHandler.Redactor.MAX_PENDING + 1))).startsWith("<").doesNotContain("xxx");
    }

    @Test
    void bytesShouldBeCEscapedAsPerditionDoes() {
        assertThat(ConnectionLogHandler.escape("+OK \"x\"\r\n\u0001")).isEqualTo("+OK \\\"x\\\"\\r\\n\\x01");
    }

    /** Octets that end a Java regex's "." (CR, U+0085 from a UTF-8 ą read as ISO-8859-1) and CRLF inside a literal. */
    @Test
    void passwordsWithLineBreakingOctetsShouldStillBeBlanked() {
        ConnectionLogHandler.Redactor r = new ConnectionLogHandler.Redactor();
        assertThat(r.apply("PASS m\u00c4\u0085ka1\r\n")).isEqualTo("PASS <redacted>\r\n");
        assertThat(r.apply("PASS sec\rret\r\n")).isEqualTo("PASS <redacted>\r\n");
        assertThat(r.apply("a1 LOGIN alice m\u00c4\u0085ka1\r\n")).isEqualTo("a1 LOGIN <redacted>\r\n");
        assertThat(r.apply("a2 LOGIN alice {8}\r\n")).isEqualTo("a2 LOGIN <redacted>\r\n");
        assertThat(r.apply("ab\r\ncdef\r\n")).as("the literal's 8 octets, its CRLF included")
                .isEqualTo("<redacted>\r\n").doesNotContain("cdef");
        assertThat(r.apply("a3 NOOP\r\n")).isEqualTo("a3 NOOP\r\n");
    }

    /** A literal the proxy refused (BAD, no continuation) sends no data: later commands are blanked for a bound only. */
    @Test
    void aHugeAnnouncedLiteralShouldNotHideTheRestOfTheSession() {
        ConnectionLogHandler.Redactor r = new ConnectionLogHandler.Redactor();
        assertThat(r.apply("a1 LOGIN {99999999999}\r\n")).isEqualTo("a1 LOGIN <redacted>\r\n");
        r.apply("x".repeat((int) ConnectionLogHandler.Redactor.MAX_LITERAL));
        assertThat(r.apply("\r\na2 NOOP\r\n")).endsWith("a2 NOOP\r\n");
    }
}
