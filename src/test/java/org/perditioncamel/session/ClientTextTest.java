package org.perditioncamel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ClientTextTest {
    /** What a POP3 or IMAP credential holds for octets a client sent: one char per octet. */
    private static String octets(String text, java.nio.charset.Charset charset) {
        return new String(text.getBytes(charset), StandardCharsets.ISO_8859_1);
    }

    @Test
    void utf8OctetsShouldReadAsTheirTextAndOtherOctetsAsTheyCame() {
        assertThat(ClientText.of(octets("jürgen", StandardCharsets.UTF_8), Protocol.POP3)).isEqualTo("jürgen");
        assertThat(ClientText.of(octets("δοκιμή@例え.jp", StandardCharsets.UTF_8), Protocol.IMAP4)).isEqualTo("δοκιμή@例え.jp");
        // Latin-1 octets are no UTF-8: they stay, read as Latin-1
        assertThat(ClientText.of(octets("jürgen", StandardCharsets.ISO_8859_1), Protocol.POP3)).isEqualTo("jürgen");
        assertThat(ClientText.of("alice", Protocol.POP3)).isSameAs("alice");
        assertThat(ClientText.of(null, Protocol.POP3)).isNull();
    }

    @Test
    void manageSieveCredentialsShouldBeTextAlready() {
        assertThat(ClientText.of("jürgen", Protocol.MANAGESIEVE)).isEqualTo("jürgen");
        assertThat(ClientText.credential("jürgen", Protocol.MANAGESIEVE, "x")).isEqualTo("jürgen");
    }

    @Test
    void textShouldBecomeTheOctetsAUtf8ClientSends() {
        String credential = ClientText.credential("jürgen", Protocol.POP3, "bob");
        assertThat(credential.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo("jürgen".getBytes(StandardCharsets.UTF_8));
        assertThat(ClientText.of(credential, Protocol.POP3)).isEqualTo("jürgen");
        assertThat(ClientText.credential("bob", Protocol.IMAP4, "bob")).isSameAs("bob");
        // a client that sent ISO-8859-1 octets gets the popmap's name in ISO-8859-1 too, as perdition passes bytes
        String latin1Client = octets("jürgen", StandardCharsets.ISO_8859_1);
        assertThat(ClientText.credential("müller", Protocol.POP3, latin1Client).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo("müller".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ClientText.credential("müller", Protocol.POP3, octets("jürgen", StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.ISO_8859_1)).isEqualTo("müller".getBytes(StandardCharsets.UTF_8));
    }
}
