package org.perditioncamel.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GreetingWordsTest {
    @Test
    void shouldCompareTheWordsAfterTheStatusJoinedBySingleSpaces() {
        String own = "[CAPABILITY IMAP4 IMAP4REV1] perdition ready on host 0123abcd";
        assertThat(GreetingWords.restEquals("* OK " + own, 2, own)).isTrue();
        assertThat(GreetingWords.restEquals("*   ok  [CAPABILITY  IMAP4 IMAP4REV1] perdition ready on host 0123abcd  ", 2,
                own))
                .as("perdition's tokeniser drops repeated spaces").isTrue();
        assertThat(GreetingWords.restEquals("* OK " + own + " x", 2, own)).isFalse();
        assertThat(GreetingWords.restEquals("* OK " + own.substring(0, own.length() - 1), 2, own)).isFalse();
        assertThat(GreetingWords.restEquals("* OK Dovecot ready.", 2, own)).isFalse();
        assertThat(GreetingWords.restEquals("+OK POP3 perdition ready on host 0123abcd", 1,
                "POP3 perdition ready on host 0123abcd")).isTrue();
        assertThat(GreetingWords.restEquals("+OK", 1, "")).isTrue();
        assertThat(GreetingWords.restEquals("+OK x", 1, "")).isFalse();
    }

    /** Against perdition's way, written out: split, drop the empty tokens and the first ones, join by one space. */
    @Test
    void shouldAgreeWithSplittingAndJoiningOnAnyLine() {
        SplittableRandom random = new SplittableRandom(11);
        String alphabet = "ab  c";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder line = new StringBuilder();
            for (int c = random.nextInt(12); c > 0; c--) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(6); c > 0; c--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            int skip = random.nextInt(3);
            assertThat(GreetingWords.restEquals(line.toString(), skip, text.toString()))
                    .as("'%s' skip %d vs '%s'", line, skip, text)
                    .isEqualTo(joined(line.toString(), skip).equals(text.toString()));
        }
    }

    private static String joined(String line, int skip) {
        StringBuilder out = new StringBuilder();
        int seen = 0;
        for (String word : line.split(" ")) {
            if (word.isEmpty() || ++seen <= skip) {
                continue;
            }
            out.append(out.length() > 0 ? " " : "").append(word);
        }
        return out.toString();
    }
}
