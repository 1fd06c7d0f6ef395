package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** How a map file's bytes become text: per line, UTF-8 or else ISO-8859-1 (perdition compares bytes). */
class WatchedFileTextTest {
    @Test
    void oneIso88591LineShouldNotChangeHowTheUtf8LinesAroundItRead() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("jürgen:mail1\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes("müller:mail2\n".getBytes(StandardCharsets.ISO_8859_1));
        file.writeBytes("ådne:mail3".getBytes(StandardCharsets.UTF_8));

        assertThat(WatchedFile.text(file.toByteArray())).isEqualTo("jürgen:mail1\nmüller:mail2\nådne:mail3");
    }

    @Test
    void plainFilesShouldReadAsTheyAre() {
        assertThat(WatchedFile.text("a:b\r\n\nc:d\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo("a:b\r\n\nc:d\n");
        assertThat(WatchedFile.text(new byte[0])).isEmpty();
    }
}
