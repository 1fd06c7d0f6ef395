package org.perditioncamel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsciiTest {
    /** Java's toUpperCase gives "PASS" for "pa\u00df" and changes the length; strcasecmp leaves the octet. */
    @Test
    void upperCaseShouldRaiseAsciiLettersOnly() {
        assertThat(Ascii.upperCase("pa\u00df")).isEqualTo("PA\u00df");
        assertThat(Ascii.upperCase("l\u00f6gin \u00b5\u00ff")).isEqualTo("L\u00f6GIN \u00b5\u00ff");
        assertThat(Ascii.upperCase("NOOP")).isSameAs("NOOP");
        assertThat(Ascii.upperCase("")).isEmpty();
    }
}
