package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perditioncamel.tls.ChainVerifier.Purpose;

class ChainVerifierTest {
    private static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.get();
    }

    @Test
    void chainToATrustedCaShouldPass() {
        assertThatCode(() -> verifier(VerifyPolicy.strict()).verify(chain(certs.serverCert), Purpose.SERVER))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier(VerifyPolicy.strict()).verify(chain(certs.viaInterChain), Purpose.SERVER))
                .doesNotThrowAnyException();
    }

    @Test
    void chainSentInTheWrongOrderShouldStillPass() {
        X509Certificate[] chain = chain(certs.viaInterChain);
        X509Certificate[] shuffled = {chain[0], certs.certificate(certs.wrongNameCert), chain[1]};
        assertThatCode(() -> verifier(VerifyPolicy.strict()).verify(shuffled, Purpose.SERVER))
                .doesNotThrowAnyException();
    }

    @Test
    void missingIntermediateShouldBeAnUnknownIssuer() {
        assertThatThrownBy(() -> verifier(VerifyPolicy.strict()).verify(chain(certs.viaInterLeaf), Purpose.SERVER))
                .hasMessage("unable to get local issuer certificate");
    }

    @Test
    void acceptedExpiryShouldStillCheckTheSignature() {
        VerifyPolicy acceptExpired = new VerifyPolicy(false, false, false, true, false, 9);
        assertThatCode(() -> verifier(acceptExpired).verify(chain(certs.expiredCert), Purpose.SERVER))
                .doesNotThrowAnyException();
        // the same expired leaf against another CA: the date trick must not turn into "anything goes"
        ChainVerifier otherCa = new ChainVerifier(List.of(certs.certificate(certs.rogueCaCert)), acceptExpired,
                Clock.systemUTC());
        assertThatThrownBy(() -> otherCa.verify(chain(certs.expiredCert), Purpose.SERVER))
                .hasMessage("unable to get local issuer certificate");
    }

    @Test
    void validityShouldBeJudgedAtTheVerifiersClock() {
        Clock in2020 = Clock.fixed(Instant.parse("2020-06-01T00:00:00Z"), ZoneOffset.UTC);
        // in 2020 the expired certificate was valid, but the CA made today was not yet
        assertThatThrownBy(() -> new ChainVerifier(List.of(certs.certificate(certs.caCert)), VerifyPolicy.strict(),
                in2020).verify(chain(certs.expiredCert), Purpose.SERVER))
                .hasMessageStartingWith("certificate not yet valid at depth 1 (CN=perdition-camel Test Root CA)");
    }

    @Test
    void clientCertificateShouldNotPassAsAServerCertificate() {
        assertThatThrownBy(() -> verifier(VerifyPolicy.strict()).verify(chain(certs.clientCert), Purpose.SERVER))
                .hasMessage("unsupported certificate purpose: not for TLS servers");
        assertThatCode(() -> verifier(VerifyPolicy.strict()).verify(chain(certs.clientCert), Purpose.CLIENT))
                .doesNotThrowAnyException();
    }

    @Test
    void trustedSelfSignedLeafShouldPassWithoutTheAcceptFlag() {
        ChainVerifier pinned = new ChainVerifier(List.of(certs.certificate(certs.selfSignedCert)),
                VerifyPolicy.strict(), Clock.systemUTC());
        assertThatCode(() -> pinned.verify(chain(certs.selfSignedCert), Purpose.SERVER)).doesNotThrowAnyException();
    }

    @Test
    void depthZeroShouldAllowOnlyATrustedLeaf() {
        VerifyPolicy depth0 = new VerifyPolicy(false, false, false, false, false, 0);
        assertThatThrownBy(() -> verifier(depth0).verify(chain(certs.serverCert), Purpose.SERVER))
                .hasMessage("certificate chain too long: depth 1 > ssl_cert_verify_depth 0");
    }

    @Test
    void emptyChainShouldBeRefused() {
        assertThatThrownBy(() -> verifier(VerifyPolicy.strict()).verify(new X509Certificate[0], Purpose.CLIENT))
                .hasMessage("no certificate");
    }

    private static ChainVerifier verifier(VerifyPolicy policy) {
        return new ChainVerifier(List.of(certs.certificate(certs.caCert)), policy, Clock.systemUTC());
    }

    private static X509Certificate[] chain(Path file) {
        return CertificateFiles.read(file, "test").toArray(new X509Certificate[0]);
    }
}
