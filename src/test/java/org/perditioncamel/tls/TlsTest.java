package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.netty.handler.ssl.SslContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;

class TlsTest {
    private static TestCertificates certs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.get();
    }

    @Test
    void noTlsShouldBuildNoContext() {
        try (Tls tls = Tls.from(
                TlsSettings.from(Settings.of(Map.of("ssl_mode", "none", "ssl_cert_file", "/nonexistent"))),
                Protocol.POP3S)) {
            assertThat(tls.mode().toString()).isEqualTo("none");
            assertThat(tls.server()).isEmpty();
            assertThat(tls.backend()).isEmpty();
        }
        try (Tls tls = Tls.from(TlsSettings.from(Settings.of(Map.of())), Protocol.IMAP4)) {
            assertThat(tls.server()).isEmpty();
            assertThat(tls.backend()).isEmpty();
        }
    }

    @Test
    void implicitProtocolShouldBuildBothSides() {
        try (Tls tls = Tls.from(settings(Map.of()), Protocol.POP3S)) {
            assertThat(tls.mode().listenImplicit()).isTrue();
            assertThat(tls.server()).isPresent();
            assertThat(tls.backend()).isPresent();
        }
    }

    @Test
    void eachSideShouldGetAContextOnlyWhenItSpeaksTls() {
        try (Tls tls = Tls.from(settings(Map.of("ssl_mode", "tls_listen_force")), Protocol.IMAP4)) {
            assertThat(tls.server()).isPresent();
            assertThat(tls.backend()).isEmpty();
        }
        try (Tls tls = Tls.from(settings(Map.of("ssl_mode", "tls_outgoing", "ssl_cert_file", "/nonexistent")),
                Protocol.MANAGESIEVE)) {
            assertThat(tls.server()).isEmpty();
            assertThat(tls.backend()).isPresent();
        }
    }

    @Test
    void startupErrorsShouldBeOneLineNamingTheProblem() {
        assertThatThrownBy(() -> Tls.from(settings(Map.of("ssl_mode", "ssl_listen,tls_listen")), Protocol.POP3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid ssl_mode combination: ssl_listen,tls_listen");
        assertThatThrownBy(() -> Tls.from(settings(Map.of("ssl_mode", "ssl_listen", "ssl_provider", "boring")),
                Protocol.POP3)).hasMessage("ssl_provider must be auto, openssl or jdk, not boring");
        assertThatThrownBy(() -> Tls.from(settings(Map.of("ssl_mode", "ssl_listen", "ssl_reload_interval", "-1")),
                Protocol.POP3)).hasMessage("ssl_reload_interval must not be negative: -1");
    }

    @Test
    void reloadingShouldPickUpANewCertificateByItself() throws Exception {
        Path cert = certs.copy(certs.serverCert, tmp);
        try (Tls tls = Tls.from(settings(Map.of("ssl_mode", "tls_listen", "ssl_cert_file", cert.toString(),
                "ssl_reload_interval", "1", "ssl_provider", "jdk")), Protocol.POP3)) {
            SslContext first = tls.server().get().current();
            tls.startReloading();
            tls.startReloading();   // a second call is harmless
            Files.write(cert, Files.readAllBytes(certs.reloadCert));
            Files.setLastModifiedTime(cert, FileTime.from(Instant.now().plusSeconds(10)));
            await().atMost(Duration.ofSeconds(10)).until(() -> tls.server().get().current() != first);
        }
    }

    private static TlsSettings settings(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("ssl_cert_file", certs.serverCert.toString());
        values.put("ssl_key_file", certs.serverKey.toString());
        values.put("ssl_ca_file", certs.caCert.toString());
        values.put("ssl_ca_path", "");
        values.putAll(extra);
        return TlsSettings.from(Settings.of(values));
    }
}
