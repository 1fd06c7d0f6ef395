package org.perditioncamel.protocol.imap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** imap_capability handled as tokens (reference §6, §14 row 6, §15 case 57). */
class ImapCapabilitiesTest {

    @Test
    void defaultShouldBePerditionsString() {
        assertThat(new ImapCapabilities(null, false, false).list(false)).isEqualTo("IMAP4 IMAP4REV1");
    }

    @Test
    void starttlsShouldBeListedOnlyWhileOfferedAndNeverTwice() {
        ImapCapabilities first = new ImapCapabilities("STARTTLS IMAP4REV1", false, false);
        assertThat(first.list(false)).isEqualTo("IMAP4REV1");
        assertThat(first.list(true)).isEqualTo("IMAP4REV1 STARTTLS");
        assertThat(new ImapCapabilities("IMAP4REV1 starttls STARTTLS", false, false).list(true)).isEqualTo("IMAP4REV1 STARTTLS");
    }

    @Test
    void managedTokensShouldBeAppendedInPerditionsOrder() {
        assertThat(new ImapCapabilities("IMAP4 IMAP4REV1", true, false).list(true))
                .isEqualTo("IMAP4 IMAP4REV1 STARTTLS LOGINDISABLED");
        assertThat(new ImapCapabilities("IMAP4REV1", true, true).list(false)).isEqualTo("IMAP4REV1 LITERAL+ LOGINDISABLED");
    }

    @Test
    void whitespaceRunsShouldNotMakeEmptyTokens() {
        assertThat(new ImapCapabilities("  IMAP4REV1 \t AUTH=PLAIN   SASL-IR ", false, false).list(false))
                .isEqualTo("IMAP4REV1 AUTH=PLAIN SASL-IR");
        assertThat(new ImapCapabilities("", false, false).list(false)).isEmpty();
    }

    @Test
    void authShouldBeAdvertisedOnlyWhileALoginIsPossible() {
        assertThat(new ImapCapabilities(null, false, false, true).list(false))
                .isEqualTo("IMAP4 IMAP4REV1 SASL-IR AUTH=PLAIN");
        assertThat(new ImapCapabilities(null, false, false, true).list(true))
                .isEqualTo("IMAP4 IMAP4REV1 SASL-IR AUTH=PLAIN STARTTLS");
        // tls_listen_force before TLS, and login_disabled: LOGINDISABLED, and no mechanism either
        assertThat(new ImapCapabilities(null, false, false, true).list(true, true))
                .isEqualTo("IMAP4 IMAP4REV1 STARTTLS LOGINDISABLED");
        assertThat(new ImapCapabilities(null, true, false, true).list(false)).isEqualTo("IMAP4 IMAP4REV1 LOGINDISABLED");
        // an operator's list that already names them keeps its order, without duplicates
        assertThat(new ImapCapabilities("IMAP4REV1 auth=plain", false, false, true).list(false))
                .isEqualTo("IMAP4REV1 auth=plain SASL-IR");
    }
}
