package org.perditioncamel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ClientTextTest {
    /** What a credential (POP3, IMAP, SASL PLAIN of ManageSieve too) holds for octets a client sent: one char per octet. */
    private static String octets(String text, java.nio.charset.Charset charset) {
        return new String(text.getBytes(charset), StandardCharsets.ISO_8859_1);
    }

    @Test
    void utf8OctetsShouldReadAsTheirTextAndOtherOctetsAsTheyCame() {
        assertThat(ClientText.of(octets("jürgen", StandardCharsets.UTF_8))).isEqualTo("jürgen");
        assertThat(ClientText.of(octets("δοκιμή@例え.jp", StandardCharsets.UTF_8))).isEqualTo("δοκιμή@例え.jp");
        // Latin-1 octets are no UTF-8: they stay, read as Latin-1
        assertThat(ClientText.of(octets("jürgen", StandardCharsets.ISO_8859_1))).isEqualTo("jürgen");
        assertThat(ClientText.of("alice")).isSameAs("alice");
        assertThat(ClientText.of(null)).isNull();
    }

    @Test
    void textShouldBecomeTheOctetsAUtf8ClientSends() {
        String credential = ClientText.credential("jürgen", "bob");
        assertThat(credential.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo("jürgen".getBytes(StandardCharsets.UTF_8));
        assertThat(ClientText.of(credential)).isEqualTo("jürgen");
        assertThat(ClientText.credential("bob", "bob")).isSameAs("bob");
        // a client that sent ISO-8859-1 octets gets the popmap's name in ISO-8859-1 too, as perdition passes bytes
        String latin1Client = octets("jürgen", StandardCharsets.ISO_8859_1);
        assertThat(ClientText.credential("müller", latin1Client).getBytes(StandardCharsets.ISO_8859_1))
                .isEqualTo("müller".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ClientText.credential("müller", octets("jürgen", StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.ISO_8859_1)).isEqualTo("müller".getBytes(StandardCharsets.UTF_8));
    }
}
