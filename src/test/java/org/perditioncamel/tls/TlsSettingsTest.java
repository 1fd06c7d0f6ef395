package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;

class TlsSettingsTest {

    @Test
    void nothingConfiguredShouldGivePerditionsDefaults() {
        TlsSettings s = TlsSettings.from(Settings.of(Map.of()));
        assertThat(s.sslMode()).isEmpty();
        assertThat(s.mode(Protocol.POP3).toString()).isEqualTo("none");
        assertThat(s.mode(Protocol.IMAP4S).listenImplicit()).isTrue();
        assertThat(s.reloadInterval()).isEqualTo(60);
        assertThat(s.provider()).isEqualTo("auto");
        assertThat(s.certFile()).isEqualTo(Path.of("/etc/perdition/perdition.crt.pem"));
        assertThat(s.keyFile()).isEqualTo(Path.of("/etc/perdition/perdition.key.pem"));
        assertThat(s.passphraseFile()).isEmpty();
        assertThat(s.passphraseFd()).isZero();
        assertThat(s.caFile()).isEmpty();
        assertThat(s.caPath()).isEqualTo(new TlsSettings.CaPath(Optional.of(Path.of("/etc/perdition/perdition.ca/")),
                true));
        assertThat(s.caChainFile()).isEmpty();
        assertThat(s.dhParamsFile()).isEmpty();
        assertThat(s.listen()).isEqualTo(new TlsSettings.Side("listen", Optional.empty(), Optional.empty(),
                Optional.empty()));
        assertThat(s.outgoing().name()).isEqualTo("outgoing");
        assertThat(s.noCertVerify() || s.noClientCertVerify() || s.noCnVerify() || s.noCipherServerPreference()
                || s.certAcceptSelfSigned() || s.caAcceptSelfSigned() || s.certAcceptExpired()
                || s.certAcceptNotYetValid()).isFalse();
        assertThat(s.certVerifyDepth()).isEqualTo(9);
        assertThat(ProtocolVersions.from(s.listen())).containsExactly("TLSv1.2", "TLSv1.3");
    }

    @Test
    void eachKindOfValueShouldBeParsed() {
        TlsSettings s = TlsSettings.from(Settings.of(Map.ofEntries(
                Map.entry("ssl_mode", "tls_listen_force,ssl_outgoing"),
                Map.entry("ssl_reload_interval", " 5 "),
                Map.entry("ssl_provider", " JDK "),
                Map.entry("ssl_cert_file", "/c.pem"),
                Map.entry("ssl_passphrase_fd", "3"),
                Map.entry("ssl_ca_path", ""),
                Map.entry("ssl_ca_chain_file", "/chain.pem"),
                Map.entry("ssl_outgoing_ciphers", "HIGH"),
                Map.entry("ssl_outgoing_min_proto_version", "tlsv1.3"),
                Map.entry("ssl_no_cn_verify", ""),
                Map.entry("ssl_cert_accept_expired", "true"),
                Map.entry("ssl_cert_verify_depth", "2"))));
        assertThat(s.mode(Protocol.IMAP4).listenForce()).isTrue();
        assertThat(s.mode(Protocol.IMAP4).outgoingImplicit()).isTrue();
        assertThat(s.reloadInterval()).isEqualTo(5);
        assertThat(s.provider()).isEqualTo("jdk");
        assertThat(s.certFile()).isEqualTo(Path.of("/c.pem"));
        assertThat(s.passphraseFd()).isEqualTo(3);
        assertThat(s.caPath().directory()).isEmpty();
        assertThat(s.caChainFile()).contains(Path.of("/chain.pem"));
        assertThat(s.outgoing().ciphers()).contains("HIGH");
        assertThat(ProtocolVersions.from(s.outgoing())).containsExactly("TLSv1.3");
        assertThat(s.noCnVerify()).isTrue();
        assertThat(s.certAcceptExpired()).isTrue();
        assertThat(s.certVerifyDepth()).isEqualTo(2);
        assertThat(VerifyPolicy.from(s)).isEqualTo(new VerifyPolicy(false, false, false, true, false, 2));
    }

    @Test
    void valuesASideChecksOnlyWhenItSpeaksTlsShouldNotStopTheRead() {
        TlsSettings s = TlsSettings.from(Settings.of(Map.of("ssl_provider", "boring",
                "ssl_listen_min_proto_version", "tlsv1", "ssl_cert_verify_depth", "-1")));
        assertThatCode(() -> Tls.from(s, Protocol.POP3).close()).doesNotThrowAnyException();
        assertThatThrownBy(() -> VerifyPolicy.from(s)).hasMessage("ssl_cert_verify_depth must not be negative: -1");
        assertThatThrownBy(() -> ProtocolVersions.from(s.listen())).hasMessageStartingWith(
                "ssl_listen_min_proto_version tlsv1 is refused");
    }

    @Test
    void badNumbersShouldBeRefusedWithTheirOptionsName() {
        assertThatThrownBy(() -> TlsSettings.from(Settings.of(Map.of("ssl_reload_interval", "-1"))))
                .hasMessage("ssl_reload_interval must not be negative: -1");
        assertThatThrownBy(() -> TlsSettings.from(Settings.of(Map.of("ssl_cert_verify_depth", "x"))))
                .hasMessage("Parameter to ssl_cert_verify_depth must be a positive integer: x");
    }
}
