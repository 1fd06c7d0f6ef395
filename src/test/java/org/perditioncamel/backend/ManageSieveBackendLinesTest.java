package org.perditioncamel.backend;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backend lines re-joined around literal-s2c data, byte for byte as the server sent them. */
class ManageSieveBackendLinesTest {
    private final ManageSieveBackendLines lines = new ManageSieveBackendLines();

    @Test
    void plainLinesShouldPassThrough() {
        assertThat(lines.feed("OK \"Logged in.\"")).isEqualTo("OK \"Logged in.\"");
        assertThat(lines.feed("\"SASL\" \"PLAIN\"")).isEqualTo("\"SASL\" \"PLAIN\"");
    }

    @Test
    void literalEndingInsideALineShouldContinueWithTheRestOfThatLine() {
        assertThat(lines.feed("\"X\" {6}")).isNull();
        assertThat(lines.feed("abc")).isNull();
        assertThat(lines.feed("d more")).isEqualTo("\"X\" {6}\r\nabc\r\nd more");
    }

    @Test
    void literalEndingWithACrLfShouldTakeTheNextLineAsTheRest() {
        assertThat(lines.feed("\"X\" {5}")).isNull();
        assertThat(lines.feed("abc")).isNull();
        assertThat(lines.feed("")).isEqualTo("\"X\" {5}\r\nabc\r\n");
    }

    @Test
    void emptyLiteralAndChainedLiteralsShouldBeFollowed() {
        assertThat(lines.feed("\"A\" {0}")).isNull();
        assertThat(lines.feed(" {2}")).isNull();
        assertThat(lines.feed("xy")).isEqualTo("\"A\" {0}\r\n {2}\r\nxy");
        assertThat(lines.feed("NO")).isEqualTo("NO");
    }

    @Test
    void oversizedResponsesShouldBeRefused() {
        assertThatThrownBy(() -> lines.feed("NO {70000}")).isInstanceOf(IllegalStateException.class);
    }
}
