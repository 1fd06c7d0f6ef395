package org.perditioncamel.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.config.Settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which CAs the backends are verified against. */
class TrustAnchorsTest {
    @TempDir
    Path dir;

    /** A private CA given as DER: never silently replaced by the public CAs. */
    @Test
    void anSslCaPathWithoutAnyPemCertificateShouldStopTheStart() throws Exception {
        Files.write(dir.resolve("private-ca.crt"), new byte[] {0x30, (byte) 0x82, 0x01, 0x0a, 0x02, 0x01});
        TlsSettings settings = TlsSettings.from(Settings.of(Map.of("ssl_ca_path", dir.toString())));
        assertThatThrownBy(() -> TrustAnchors.forBackends(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ssl_ca_path " + dir + ": no PEM certificate");
    }

    @Test
    void withNoCaConfiguredTheBackendsShouldBeVerifiedAgainstTheJdksCas() {
        TlsSettings settings = TlsSettings.from(Settings.of(Map.of("ssl_ca_path", "")));
        assertThat(TrustAnchors.forBackends(settings)).isNotEmpty();
    }
}
