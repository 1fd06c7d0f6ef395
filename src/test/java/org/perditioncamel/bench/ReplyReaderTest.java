package org.perditioncamel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The load generator's reply recognition, fed in awkward pieces: what it verifies must be the message itself. */
class ReplyReaderTest {
    private static final byte[] MESSAGE = "Subject: x\r\n\r\n.starts with a dot\r\n.\r\nend\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void pop3DataShouldBeUnstuffedAndComparedWhateverTheChunks() {
        String wire = "+OK 43 octets\r\nSubject: x\r\n\r\n..starts with a dot\r\n..\r\nend\r\n.\r\n";
        for (int chunk = 1; chunk <= wire.length(); chunk++) {
            ReplyReader reader = reader(Dialogue.POP3.fetch(MESSAGE));
            assertThat(feed(reader, wire, chunk)).as("chunk %d", chunk).isTrue();
            assertThat(reader.ok()).as("chunk %d", chunk).isTrue();
            assertThat(reader.verifiedBytes()).isEqualTo(MESSAGE.length);
        }
    }

    @Test
    void aChangedByteShouldFailTheFetch() {
        ReplyReader reader = reader(Dialogue.POP3.fetch(MESSAGE));
        assertThat(feed(reader, "+OK\r\nSubject: y\r\n\r\n..starts with a dot\r\n..\r\nend\r\n.\r\n", 7)).isTrue();
        assertThat(reader.ok()).isFalse();
        assertThat(reader.verifiedBytes()).isZero();
    }

    @Test
    void imapLiteralShouldBeComparedAndTheTaggedReplyEndIt() {
        String wire = "* 1 FETCH (BODY[] {" + MESSAGE.length + "}\r\n"
                + new String(MESSAGE, StandardCharsets.US_ASCII) + ")\r\nf OK Fetch completed.\r\n";
        for (int chunk = 1; chunk <= wire.length(); chunk += 3) {
            ReplyReader reader = reader(Dialogue.IMAP4.fetch(MESSAGE));
            assertThat(feed(reader, wire, chunk)).as("chunk %d", chunk).isTrue();
            assertThat(reader.ok()).as("chunk %d", chunk).isTrue();
        }
    }

    @Test
    void aLiteralThatLooksLikeTheTaggedReplyShouldNotEndIt() {
        byte[] tricky = "f OK not the end\r\n".getBytes(StandardCharsets.US_ASCII);
        ReplyReader reader = reader(Dialogue.IMAP4.fetch(tricky));
        assertThat(feed(reader, "* 1 FETCH (BODY[] {18}\r\nf OK not the end\r\n)\r\n", 5)).isFalse();
        assertThat(feed(reader, "f NO [SERVERBUG] no\r\n", 5)).isTrue();
        assertThat(reader.ok()).isFalse();
    }

    @Test
    void manageSieveShouldEndAtOkNoOrBye() {
        ReplyReader reader = reader(Dialogue.MANAGESIEVE.greeting());
        assertThat(feed(reader, "\"IMPLEMENTATION\" \"Dovecot\"\r\n\"SASL\" \"PLAIN\"\r\n", 4)).isFalse();
        assertThat(feed(reader, "OK \"ready\"\r\n", 4)).isTrue();
        assertThat(reader.ok()).isTrue();
        reader.expect(Dialogue.MANAGESIEVE.login("u", "p").get(0));
        assertThat(feed(reader, "NO \"Authentication failed.\"\r\n", 100)).isTrue();
        assertThat(reader.ok()).isFalse();
        assertThat(reader.status()).isEqualTo("NO \"Authentication failed.\"");
    }

    private static ReplyReader reader(Step step) {
        ReplyReader reader = new ReplyReader();
        reader.expect(step);
        return reader;
    }

    /** Feeds {@code wire} in pieces of {@code chunk} bytes; true once the reader says the reply is complete. */
    private static boolean feed(ReplyReader reader, String wire, int chunk) {
        byte[] bytes = wire.getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at < bytes.length; at += chunk) {
            ByteBuffer piece = ByteBuffer.allocate(chunk);
            piece.put(bytes, at, Math.min(chunk, bytes.length - at)).flip();
            if (reader.feed(piece)) {
                return true;
            }
        }
        return false;
    }
}
