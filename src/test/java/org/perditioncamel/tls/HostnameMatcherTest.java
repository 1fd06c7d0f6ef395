package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HostnameMatcherTest {
    private static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.get();
    }

    @Test
    void dnsNameShouldMatchCaseInsensitiveWithOrWithoutTrailingDot() {
        X509Certificate server = certs.certificate(certs.serverCert);
        assertThat(HostnameMatcher.matches("localhost", server)).isTrue();
        assertThat(HostnameMatcher.matches("LocalHost.", server)).isTrue();
        assertThat(HostnameMatcher.matches("localhost.localdomain", server)).isFalse();
    }

    @Test
    void ipAddressShouldMatchOnlyAnIpSubjectAltName() {
        X509Certificate server = certs.certificate(certs.serverCert);
        assertThat(HostnameMatcher.matches("127.0.0.1", server)).isTrue();
        assertThat(HostnameMatcher.matches("127.0.0.2", server)).isFalse();
        X509Certificate wildcard = certs.certificate(certs.wildcardCert);
        assertThat(HostnameMatcher.matches("::1", wildcard)).isTrue();
        assertThat(HostnameMatcher.matches("[0:0:0:0:0:0:0:1]", wildcard)).isTrue();
        assertThat(HostnameMatcher.matches("::1", server)).isFalse();
    }

    @Test
    void wildcardShouldCoverExactlyOneLeftmostLabel() {
        X509Certificate wildcard = certs.certificate(certs.wildcardCert);
        assertThat(HostnameMatcher.matches("imap.example.test", wildcard)).isTrue();
        assertThat(HostnameMatcher.matches("a.imap.example.test", wildcard)).isFalse();
        assertThat(HostnameMatcher.matches("example.test", wildcard)).isFalse();
        assertThat(HostnameMatcher.matches(".example.test", wildcard)).isFalse();
    }

    @Test
    void internationalNameShouldBeComparedInItsAsciiForm() {
        X509Certificate wildcard = certs.certificate(certs.wildcardCert);
        assertThat(HostnameMatcher.matches("bücher.example.org", wildcard)).isTrue();
        assertThat(HostnameMatcher.matches("xn--bcher-kva.example.org", wildcard)).isTrue();
    }

    @Test
    void commonNameShouldStillCountAsInPerdition() {
        X509Certificate cnOnly = certs.certificate(certs.cnOnlyCert);
        assertThat(HostnameMatcher.matches("cn-only.example", cnOnly)).isTrue();
        assertThat(HostnameMatcher.commonName(cnOnly)).isEqualTo("cn-only.example");
    }

    @Test
    void mismatchShouldSayWhatWasExpectedAndWhatTheCertificateNames() {
        assertThatThrownBy(() -> HostnameMatcher.verify("mail.example.org", certs.certificate(certs.serverCert)))
                .isInstanceOf(TlsVerificationException.class)
                .hasMessage("host name mismatch: expected mail.example.org, certificate is for localhost, 127.0.0.1");
        assertThatThrownBy(() -> HostnameMatcher.verify(null, certs.certificate(certs.serverCert)))
                .hasMessage("no host name to check the certificate against");
    }
}
