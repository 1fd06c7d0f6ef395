package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.tls.SslMode.Side;

class SslModeTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "none; NONE; false; NONE; false",
        "ssl_listen; IMPLICIT; false; NONE; false",
        "ssl_outgoing; NONE; false; IMPLICIT; false",
        "ssl_all; IMPLICIT; false; IMPLICIT; false",
        "tls_listen; STARTTLS; false; NONE; false",
        "tls_outgoing; NONE; false; STARTTLS; false",
        "tls_all; STARTTLS; false; STARTTLS; false",
        "tls_listen_force; STARTTLS; true; NONE; false",
        "tls_outgoing_force; NONE; false; STARTTLS; true",
        "tls_all_force; STARTTLS; true; STARTTLS; true",
        "ssl_listen,tls_outgoing_force; IMPLICIT; false; STARTTLS; true",
        "tls_listen_force,ssl_outgoing; STARTTLS; true; IMPLICIT; false",
        "none,tls_listen; STARTTLS; false; NONE; false",
        "tls_listen,tls_listen_force; STARTTLS; true; NONE; false",
    })
    void everyModeShouldGiveItsSides(String value, Side listen, boolean listenForce, Side outgoing,
                                     boolean outgoingForce) {
        SslMode mode = SslMode.parse(value, Protocol.POP3);
        assertThat(mode.listen()).isEqualTo(listen);
        assertThat(mode.listenForce()).isEqualTo(listenForce);
        assertThat(mode.outgoing()).isEqualTo(outgoing);
        assertThat(mode.outgoingForce()).isEqualTo(outgoingForce);
        assertThat(mode.listenImplicit()).isEqualTo(listen == Side.IMPLICIT);
        assertThat(mode.listenStartTls()).isEqualTo(listen == Side.STARTTLS);
        assertThat(mode.outgoingImplicit()).isEqualTo(outgoing == Side.IMPLICIT);
        assertThat(mode.outgoingStartTls()).isEqualTo(outgoing == Side.STARTTLS);
        assertThat(SslMode.parse(mode.toString(), Protocol.POP3)).isEqualTo(mode);
    }

    @Test
    void emptyModeShouldMeanSslAllForPop3sAndImap4sOnly() {
        assertThat(SslMode.parse("", Protocol.POP3S).toString()).isEqualTo("ssl_listen,ssl_outgoing");
        assertThat(SslMode.parse(null, Protocol.IMAP4S).listenImplicit()).isTrue();
        assertThat(SslMode.parse(" ", Protocol.IMAP4S).outgoingImplicit()).isTrue();
        assertThat(SslMode.parse("", Protocol.POP3).toString()).isEqualTo("none");
        assertThat(SslMode.parse("", Protocol.MANAGESIEVE).listenNeedsTls()).isFalse();
    }

    @Test
    void explicitNoneShouldMeanNoTlsEvenForPop3s() {
        SslMode mode = SslMode.parse("none", Protocol.POP3S);
        assertThat(mode.listenNeedsTls()).isFalse();
        assertThat(mode.outgoingNeedsTls()).isFalse();
    }

    @Test
    void modesShouldBeCaseInsensitiveAndTolerateSpaces() {
        assertThat(SslMode.parse(" TLS_Listen_Force , ssl_OUTGOING ", Protocol.IMAP4).toString())
                .isEqualTo("tls_listen_force,ssl_outgoing");
    }

    @Test
    void sslAndTlsOnTheSameSideShouldBeRefused() {
        assertThatThrownBy(() -> SslMode.parse("ssl_all,tls_listen", Protocol.POP3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid ssl_mode combination: ssl_all,tls_listen");
        assertThatThrownBy(() -> SslMode.parse("ssl_outgoing,tls_all_force", Protocol.POP3))
                .hasMessage("invalid ssl_mode combination: ssl_outgoing,tls_all_force");
        assertThatThrownBy(() -> SslMode.parse("ssl_listen,tls_listen_force", Protocol.POP3))
                .hasMessageStartingWith("invalid ssl_mode combination");
    }

    @Test
    void unknownModeShouldBeRefusedAsWritten() {
        assertThatThrownBy(() -> SslMode.parse("tls_listen,StartTLS", Protocol.POP3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown ssl_mode: StartTLS");
    }
}
