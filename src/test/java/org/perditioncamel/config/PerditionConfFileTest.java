package org.perditioncamel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerditionConfFileTest {

    private static List<ConfEntry> entries(String text) throws UsageException {
        return PerditionConfFile.parse(text, "test.conf").entries();
    }

    private static Optional<String> only(String text) throws UsageException {
        List<ConfEntry> entries = entries(text);
        assertThat(entries).hasSize(1);
        return entries.get(0).value();
    }

    @Test
    void doubledBackslashGivesOneBackslash() throws Exception {
        assertThat(only("query_key \\\\u\n")).contains("\\u");
    }

    @Test
    void singleBackslashIsEaten() throws Exception {
        assertThat(only("query_key \\u,\\D\\d\n")).contains("u,Dd");
    }

    @Test
    void valueKeepsInnerSpacesAndLosesOuterOnes() throws Exception {
        assertThat(only("ok_line   a  b   \n")).contains("a  b");
    }

    @Test
    void escapedHashIsLiteral() throws Exception {
        List<ConfEntry> entries = entries("D a\\#b\n");
        assertThat(entries).containsExactly(new ConfEntry("D", Optional.of("a#b"), 1));
    }

    @Test
    void keyEqualsValueStaysOneKeyForPopt() throws Exception {
        assertThat(entries("ok_line=x\n")).containsExactly(new ConfEntry("ok_line=x", Optional.empty(), 1));
    }

    @Test
    void lastLineWithoutNewlineIsReadWithAWarning() throws Exception {
        PerditionConfFile file = PerditionConfFile.parse("debug\nconnect_relog 77", "test.conf");
        assertThat(file.entries()).extracting(ConfEntry::key).containsExactly("debug", "connect_relog");
        assertThat(file.entries().get(1).value()).contains("77");
        assertThat(file.warnings()).containsExactly("test.conf:2: last line has no newline; perdition 2.2 ignores it");
    }

    @Test
    void lastCommentLineWithoutNewlineGivesNoWarning() throws Exception {
        PerditionConfFile file = PerditionConfFile.parse("debug\n# the end", "test.conf");
        assertThat(file.entries()).hasSize(1);
        assertThat(file.warnings()).isEmpty();
    }

    @Test
    void flagLineHasNoValue() throws Exception {
        assertThat(only("debug   \n")).isEmpty();
        assertThat(only("debug # comment\n")).isEmpty();
    }

    /** perdition 2.2 (libvanessa_adt): a blank ends the key, so an indented line is a bare word, not an option. */
    @Test
    void anIndentedLineIsABareWord() throws Exception {
        assertThat(entries("  debug   \n")).containsExactly(new ConfEntry("", Optional.of("debug"), 1));
        assertThat(entries("protocol\n\t  IMAP4  # c\n")).containsExactly(
                new ConfEntry("protocol", Optional.empty(), 1), new ConfEntry("", Optional.of("IMAP4"), 2));
        assertThat(entries("ok_line\n   a  b \n")).element(1).isEqualTo(new ConfEntry("", Optional.of("a  b"), 2));
    }

    @Test
    void hashStartsACommentEvenMidValue() throws Exception {
        assertThat(only("ok_line a # b\n")).contains("a");
        assertThat(only("ok_line a#b\n")).contains("a");
        assertThat(only("ok_line \"a # b\" # c\n")).contains("a # b");
        assertThat(only("ok_line 'a # b'\n")).contains("a # b");
    }

    @Test
    void singleQuotesAreLiteral() throws Exception {
        assertThat(only("query_key '\\u,\\D\\d'\n")).contains("\\u,\\D\\d");
        assertThat(only("ok_line 'say \"hi\"'\n")).contains("say \"hi\"");
    }

    @Test
    void doubleQuotesAreLiteralExceptBackslash() throws Exception {
        assertThat(only("ok_line \"it's \\\"so\\\" in\"\n")).contains("it's \"so\" in");
        assertThat(only("ok_line \"a\\\\b\"\n")).contains("a\\b");
    }

    @Test
    void quotesMayAppearMidTokenAndAreRemoved() throws Exception {
        assertThat(only("ok_line a\"b c\"d\n")).contains("ab cd");
        assertThat(entries("\"ok_line\" 'x'\n")).containsExactly(new ConfEntry("ok_line", Optional.of("x"), 1));
        assertThat(only("map_library \"\"\n")).contains("");
    }

    @Test
    void quotedOrEscapedTrailingBlanksAreKept() throws Exception {
        assertThat(only("ok_line \"a  \"  \n")).contains("a  ");
        assertThat(only("ok_line a\\ \n")).contains("a ");
        assertThat(only("ok_line \\ a\n")).contains(" a");
    }

    @Test
    void whitespaceInKeyMustBeQuotedOrEscaped() throws Exception {
        assertThat(entries("ok\\ line x\n")).containsExactly(new ConfEntry("ok line", Optional.of("x"), 1));
    }

    @Test
    void backslashNewlineJoinsLinesWithoutSpace() throws Exception {
        assertThat(only("ok_line con\\\ntinued\n")).contains("continued");
        assertThat(entries("ok_\\\nline x\n")).containsExactly(new ConfEntry("ok_line", Optional.of("x"), 1));
    }

    @Test
    void continuationInsideACommentCommentsOutTheNextLine() throws Exception {
        List<ConfEntry> entries = entries("#managesieve_capability \\\n\"a\"\\\n\"b\"\ndebug\n");
        assertThat(entries).containsExactly(new ConfEntry("debug", Optional.empty(), 4));
    }

    @Test
    void continuedQuotedPiecesJoin() throws Exception {
        assertThat(only("managesieve_capability \\\n\"\\\"A\\\" \\\"b\\\"  \"\\\n\"\\\"C\\\" \\\"d\\\"\"\n"))
                .contains("\"A\" \"b\"  \"C\" \"d\"");
    }

    @Test
    void carriageReturnAndLineFeedBothEndALine() throws Exception {
        List<ConfEntry> entries = entries("debug\rok_line a b\r\nquiet\n");
        assertThat(entries).extracting(ConfEntry::key).containsExactly("debug", "ok_line", "quiet");
        assertThat(entries.get(1).value()).contains("a b");
        assertThat(entries).extracting(ConfEntry::line).containsExactly(1, 2, 3);
    }

    @Test
    void blankAndCommentLinesAreIgnored() throws Exception {
        assertThat(entries("\n   \n\t\n# x\n   # y\n")).isEmpty();
    }

    @Test
    void singleCharacterKeyIsKeptAsWritten() throws Exception {
        assertThat(entries("d\ns  host:110\n")).containsExactly(
                new ConfEntry("d", Optional.empty(), 1), new ConfEntry("s", Optional.of("host:110"), 2));
    }

    @Test
    void quotedLineEndIsDroppedWithAWarning() throws Exception {
        PerditionConfFile file = PerditionConfFile.parse("ok_line \"a\nb\"\n", "test.conf");
        assertThat(file.entries()).containsExactly(new ConfEntry("ok_line", Optional.of("ab"), 1));
        assertThat(file.warnings()).singleElement().asString().contains("test.conf:1:", "line end is dropped");
    }

    @Test
    void unterminatedQuoteAtEndOfFileShouldExitWithStatus2() {
        assertThatThrownBy(() -> PerditionConfFile.parse("ok_line 'abc\n", "test.conf"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("test.conf:1")
                .hasMessageContaining("unterminated single quote")
                .extracting(e -> ((UsageException) e).exitStatus()).isEqualTo(2);
    }

    @Test
    void emptyQuotedKeyWithValueIsABareWord() throws Exception {
        assertThat(entries("'' value\n")).containsExactly(new ConfEntry("", Optional.of("value"), 1));
    }

    @Test
    void latin1FileIsReadWithAWarning(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, "ok_line caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        PerditionConfFile parsed = PerditionConfFile.read(file);
        assertThat(parsed.entries().get(0).value()).contains("caf\u00e9");
        assertThat(parsed.warnings()).singleElement().asString().contains("ISO-8859-1");
    }

    @Test
    void missingFileShouldExitWithStatus1(@TempDir Path dir) {
        assertThatThrownBy(() -> PerditionConfFile.read(dir.resolve("nope.conf")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("cannot read config file")
                .extracting(e -> ((UsageException) e).exitStatus()).isEqualTo(1);
    }

    @Test
    void debianSampleHasNoActiveOptions() throws Exception {
        Path sample = Path.of("src/test/resources/config/debian-perdition.conf");
        PerditionConfFile file = PerditionConfFile.read(sample);
        assertThat(file.entries()).isEmpty();
        assertThat(file.warnings()).isEmpty();
    }

    @Test
    void debianSampleUncommentedParsesAsPerditionWould() throws Exception {
        String text = Files.readString(Path.of("src/test/resources/config/debian-perdition.conf"));
        String active = text.replace("#managesieve_capability \\", "managesieve_capability \\")
                .replace("#query_key \\\\u,\\\\D\\\\d", "query_key \\\\u,\\\\D\\\\d")
                .replace("#ok_line blah blah blah", "ok_line blah blah blah");
        PerditionConfFile file = PerditionConfFile.parse(active, "sample");
        assertThat(file.entries()).extracting(ConfEntry::key)
                .containsExactly("managesieve_capability", "ok_line", "query_key");
        assertThat(file.entries().get(0).value()).contains("\"IMPLEMENTATION\" \"perdition\"  "
                + "\"SIEVE\" \"comparator-i;octet comparator-i;ascii-casemap fileinto reject envelope "
                + "encoded-character vacation subaddress comparator-i;ascii-numeric relational regex imap4flags "
                + "copy include variables body enotify environment mailbox date\"  \"SASL\" \"PLAIN\"  "
                + "\"NOTIFY\" \"mailto\"  \"VERSION\" \"1.18\"");
        assertThat(file.entries().get(1).value()).contains("blah blah blah");
        assertThat(file.entries().get(2).value()).contains("\\u,\\D\\d");
    }
}
