package org.perditioncamel.protocol.managesieve;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.perditioncamel.protocol.managesieve.ManageSieveTokenizer.Kind;
import org.perditioncamel.protocol.managesieve.ManageSieveTokenizer.Token;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 5804 section 4 strings and atoms, with perdition's treatment of spaces and CRs. */
class ManageSieveTokenizerTest {

    private static List<Token> tokens(String command) {
        return ManageSieveTokenizer.tokenize(command.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Token token(Kind kind, String value) {
        return new Token(kind, value);
    }

    private static final Token INVALID = token(Kind.INVALID, "");

    @Test
    void tokenizerShouldReadAtomsQuotedStringsAndLiterals() {
        assertThat(tokens("AUTHENTICATE \"PLAIN\" {5+}\r\nab cd\r\n")).containsExactly(
                token(Kind.ATOM, "AUTHENTICATE"), token(Kind.QUOTED, "PLAIN"), token(Kind.LITERAL, "ab cd"));
        assertThat(tokens("NOOP {3}\r\nx\"y more\r\n")).containsExactly(
                token(Kind.ATOM, "NOOP"), token(Kind.LITERAL, "x\"y"), token(Kind.ATOM, "more"));
    }

    @Test
    void quotedStringsShouldBeUnescapedAndKeepSpaces() {
        assertThat(tokens("NOOP \"a \\\"b\\\" \\\\ c\"\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), token(Kind.QUOTED, "a \"b\" \\ c"));
        assertThat(tokens("NOOP \"\"\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), token(Kind.QUOTED, ""));
        assertThat(tokens("NOOP \"{5}\"\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), token(Kind.QUOTED, "{5}"));
        assertThat(tokens("NOOP \"caf\u00e9\"\r\n").get(1)).isEqualTo(token(Kind.QUOTED, "caf\u00e9"));
    }

    @Test
    void brokenQuotedStringsShouldBeInvalid() {
        assertThat(tokens("NOOP \"a\\b\"\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), INVALID);
        assertThat(tokens("NOOP \"a\0b\"\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), INVALID);
        assertThat(tokens("NOOP \"abc def\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), INVALID);
        assertThat(tokens("NOOP \"a\"\"b\"\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), INVALID);
        assertThat(tokens("NOOP \"a\"b c\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), INVALID, token(Kind.ATOM, "c"));
    }

    @Test
    void stringsAndAtomsShouldBeLimitedTo1024Octets() {
        assertThat(tokens("NOOP \"" + "x".repeat(1024) + "\"\r\n").get(1).kind()).isEqualTo(Kind.QUOTED);
        assertThat(tokens("NOOP \"" + "x".repeat(1025) + "\"\r\n").get(1).kind()).isEqualTo(Kind.INVALID);
        assertThat(tokens("NOOP " + "x".repeat(1024) + "\r\n").get(1).kind()).isEqualTo(Kind.ATOM);
        assertThat(tokens("NOOP " + "x".repeat(1025) + "\r\n").get(1).kind()).isEqualTo(Kind.INVALID);
        String big = "y".repeat(5000);
        assertThat(tokens("NOOP {5000+}\r\n" + big + "\r\n").get(1)).isEqualTo(token(Kind.LITERAL, big));
    }

    @Test
    void atomsShouldRejectAtomSpecials() {
        assertThat(tokens("NOOP a(b\r\n").get(1)).isEqualTo(INVALID);
        assertThat(tokens("NOOP a{b\r\n").get(1)).isEqualTo(INVALID);
        assertThat(tokens("NOOP caf\u00e9\r\n").get(1)).isEqualTo(INVALID);
        assertThat(tokens("NOOP AGFsaWNlAHNlY3JldA==\r\n").get(1)).isEqualTo(token(Kind.ATOM, "AGFsaWNlAHNlY3JldA=="));
    }

    @Test
    void spacesShouldMakeEmptyArgumentsAsInPerdition() {
        assertThat(tokens("NOOP \r\n")).containsExactly(token(Kind.ATOM, "NOOP"), INVALID);
        assertThat(tokens("NOOP  \"x\"\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), INVALID, token(Kind.QUOTED, "x"));
        assertThat(tokens("\r\n")).isEmpty();
    }

    @Test
    void crShouldBeIgnoredInLinesButKeptInLiteralData() {
        assertThat(tokens("NO\rOP \"a\rb\"\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), token(Kind.QUOTED, "ab"));
        assertThat(tokens("NOOP {4+}\r\na\r\nb\n")).containsExactly(token(Kind.ATOM, "NOOP"), token(Kind.LITERAL, "a\r\nb"));
        assertThat(tokens("NOOP\n")).containsExactly(token(Kind.ATOM, "NOOP"));
    }

    @Test
    void literalGluedToOtherTextShouldBeInvalidAndLaterLiteralsKeepTheirData() {
        assertThat(tokens("NOOP {1+}\r\nxy\r\n")).containsExactly(token(Kind.ATOM, "NOOP"), INVALID);
        assertThat(tokens("A \"x {1+}\r\nq\" {2+}\r\nzz\r\n")).containsExactly(
                token(Kind.ATOM, "A"), INVALID, token(Kind.LITERAL, "zz"));
        assertThat(tokens("A b{1+}\r\n")).containsExactly(token(Kind.ATOM, "A"), INVALID);
    }

    @Test
    void tokensShouldNotPrintTheirValues() {
        assertThat(token(Kind.QUOTED, "secret").toString()).doesNotContain("secret");
    }

    @Test
    void literalHeaderShouldNeedATokenStartAndAValidSize() {
        byte[] ok = "A {12+}\r".getBytes(StandardCharsets.US_ASCII);
        assertThat(LiteralHeader.find(ok, 0, ok.length, true)).isEqualTo(new LiteralHeader(2, 12, true));
        byte[] lineStart = "{0}".getBytes(StandardCharsets.US_ASCII);
        assertThat(LiteralHeader.find(lineStart, 0, lineStart.length, true)).isEqualTo(new LiteralHeader(0, 0, false));
        assertThat(LiteralHeader.find(lineStart, 0, lineStart.length, false)).isNull();
        for (String no : new String[] {"A{1}", "A {1}\r\r", "A {}", "A {+}", "A {12345678901}", "A {4294967296}", "A {1+", "A 1}"}) {
            byte[] b = no.getBytes(StandardCharsets.US_ASCII);
            assertThat(LiteralHeader.find(b, 0, b.length, true)).as(no).isNull();
        }
        byte[] max = "A {4294967295}".getBytes(StandardCharsets.US_ASCII);
        assertThat(LiteralHeader.find(max, 0, max.length, true).length()).isEqualTo(4294967295L);
    }
}
