package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PosixRegexTest {

    private static String matched(String ere, String input) {
        PosixRegex.Match m = PosixRegex.compile(ere).match(input);
        return m == null ? null : m.group(0);
    }

    /** java.util.regex takes the first alternative that matches; POSIX takes the longest match. */
    @Test
    void matchShouldBeLeftmostLongest() {
        assertThat(matched("a|ab", "abc")).isEqualTo("ab");
        assertThat(matched("(a|ab)(c|bcd)", "abcd")).isEqualTo("abcd");
        assertThat(matched("(wee|week)(knights|night)", "weeknights")).isEqualTo("weeknights");
        assertThat(matched("(a*)(b|abc)", "abc")).isEqualTo("abc");
        assertThat(matched("[[:alpha:]]+", "abc123")).isEqualTo("abc");
        assertThat(matched("x*", "abc")).as("an empty match at the start").isEmpty();
    }

    @Test
    void matchShouldStartLeftmostEvenWhenALaterMatchIsLonger() {
        PosixRegex.Match m = PosixRegex.compile("b+|c+").match("abccccc");
        assertThat(m.start()).isEqualTo(1);
        assertThat(m.group(0)).isEqualTo("b");
    }

    @Test
    void groupsShouldBeThoseOfTheLongestMatch() {
        PosixRegex.Match m = PosixRegex.compile("^([^@]*)@(.*)$").match("alice@example.org");
        assertThat(m.group(1)).isEqualTo("alice");
        assertThat(m.group(2)).isEqualTo("example.org");
        assertThat(PosixRegex.compile("(a)|(b)").match("b").group(1)).isNull();
    }

    @Test
    void bracketExpressionsShouldFollowPosix() {
        assertThat(matched("[[:digit:][:upper:]]+", "abC12d")).isEqualTo("C12");
        assertThat(matched("[]a]+", "x]a]y")).isEqualTo("]a]");
        assertThat(matched("[^]a]+", "]]xyz")).isEqualTo("xyz");
        assertThat(matched("[\\]+", "a\\\\b")).as("a backslash is literal in brackets").isEqualTo("\\\\");
        assertThat(matched("[a&&b]+", "&&")).as("&& is two ampersands, not Java's intersection").isEqualTo("&&");
        assertThat(matched("[[.-.]a]+", "x-a-")).isEqualTo("-a-");
        assertThat(matched("[a-c]+", "xxbcay")).isEqualTo("bca");
        assertThat(matched("[^a]", "\n")).as("REG_NEWLINE: a non-matching list never matches a newline").isNull();
    }

    @Test
    void stackedQuantifiersShouldNotBeLazyOrPossessive() {
        assertThat(matched("a*?", "aaa")).as("POSIX a*? is (a*)?, not a lazy a*").isEqualTo("aaa");
        assertThat(matched("a+?b", "aaab")).isEqualTo("aaab");
        assertThat(matched("(ab){2}", "abababab")).isEqualTo("abab");
        assertThat(matched("(ab){2,}", "abababab")).isEqualTo("abababab");
    }

    /** Stacked *, + and ? are one quantifier (the same one twice, or else *), so Java does not nest loops. */
    @Test
    void stackedQuantifiersShouldMatchAsOneQuantifier() {
        assertThat(matched("^a++$", "aaa")).isEqualTo("aaa");
        assertThat(matched("^ba++", "b")).isNull();
        assertThat(matched("^ba??c", "bc")).isEqualTo("bc");
        assertThat(matched("^ba??c", "baac")).isNull();
        assertThat(matched("^ba+?c", "bc")).as("(a+)? is a*").isEqualTo("bc");
        assertThat(matched("^ba?+c", "baac")).as("(a?)+ is a*").isEqualTo("baac");
        assertThat(matched("^b(a)*+c", "baac")).isEqualTo("baac");
        assertThat(matched("^ba*{2}c", "baaac")).as("an interval after a quantifier still nests").isEqualTo("baaac");
    }

    /**
     * Found by PopmapFileFuzzTest (campaign, Jazzer's regex injection sanitizer): an interval count beyond an int,
     * {231111111111…}, was handed to java.util.regex, which refused it with a PatternSyntaxException. Counts are
     * glibc's, at most RE_DUP_MAX (32767), and a larger one is regcomp's "too big".
     */
    @Test
    void intervalCountsBeyondReDupMaxShouldBeRefusedBeforeJavaSeesThem() {
        assertThat(matched("^a{0032767}", "a".repeat(32_767) + "b")).hasSize(32_767);
        for (String ere : new String[] {"a{32768}", "a{1,32768}", "a{231111111111111111111111}", "a{2,231111111111111111111}"}) {
            assertThatThrownBy(() -> PosixRegex.compile(ere))
                    .isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(java.util.regex.PatternSyntaxException.class)
                    .hasNoCause()
                    .hasMessage("invalid regular expression " + ere + ": regular expression too big");
        }
        assertThat(matched("^a{2,}", "aaaa")).isEqualTo("aaaa");
        assertThat(matched("^a{0}b", "b")).isEqualTo("b");
    }

    @Test
    void repetitionsNestedTooDeepShouldBeRefused() {
        assertThat(matched("^((((a)*)*)*)*$", "aa")).as("four deep is fine").isEqualTo("aa");
        assertThatThrownBy(() -> PosixRegex.compile("^(((((a)*)*)*)*)*$"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repetitions nested more than 4 deep");
        assertThatThrownBy(() -> PosixRegex.compile("^((((a*){2}){2}){2}){2}$")).hasMessageContaining("nested");
        assertThat(matched("^(a*)(b*)(c*)(d*)(e*)$", "abcde")).as("side by side is not nested").isEqualTo("abcde");
    }

    @Test
    void specialCharactersShouldBeLiteralWhenEscapedOrWhereJavaWouldReadThem() {
        assertThat(matched("a\\.b", "a.b axb")).isEqualTo("a.b");
        assertThat(matched("a\\.b", "axb")).isNull();
        assertThat(matched("x)", "x)")).as("an unmatched ) is ordinary").isEqualTo("x)");
        assertThat(matched("\\Q", "Q")).isEqualTo("Q");
        assertThat(matched("(a)\\1", "aa")).isEqualTo("aa");
        assertThat(matched("^b", "ab")).isNull();
        assertThat(matched("a$", "ab")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*a", "a|*b", "(*a)", "a{1", "a{2,1}", "[a", "(a", "[[:nope:]]", "a\\", "\\1(a)", "[z-a]"})
    void compileShouldRefuseWhatRegcompRefuses(String ere) {
        assertThatThrownBy(() -> PosixRegex.compile(ere))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid regular expression " + ere);
    }
}
