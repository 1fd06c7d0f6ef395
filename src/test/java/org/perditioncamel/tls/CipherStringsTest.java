package org.perditioncamel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.netty.handler.ssl.SslProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CipherStringsTest {
    private static final Set<String> JDK = TlsProviders.cipherSuites(SslProvider.JDK);

    @Test
    void explicitOpenSslNameShouldMapToItsIanaName() {
        assertThat(CipherStrings.toJsse("ssl_listen_ciphers", "ECDHE-RSA-AES128-GCM-SHA256", JDK))
                .containsExactly("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(CipherStrings.openSslNames("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"))
                .containsExactly("ECDHE-RSA-AES256-GCM-SHA384");
    }

    @Test
    void highWithoutAnonymousShouldKeepForwardSecretAeadFirst() {
        List<String> names = CipherStrings.openSslNames("HIGH:!aNULL:!MD5");
        assertThat(names).startsWith("ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384")
                .contains("AES128-SHA").noneMatch(n -> n.startsWith("ADH") || n.startsWith("AECDH"))
                .doesNotContain("DES-CBC3-SHA", "NULL-SHA256");
    }

    @Test
    void plusBetweenKeywordsShouldIntersect() {
        assertThat(CipherStrings.openSslNames("ECDHE+AESGCM")).containsExactly("ECDHE-ECDSA-AES256-GCM-SHA384",
                "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(CipherStrings.openSslNames("EECDH+CHACHA20:EDH+AESGCM+AES256")).containsExactly(
                "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305", "DHE-RSA-AES256-GCM-SHA384");
        // DH, unlike EDH and DHE, takes the anonymous suites too
        assertThat(CipherStrings.openSslNames("DH+AESGCM+AES256")).containsExactly("DHE-RSA-AES256-GCM-SHA384",
                "ADH-AES256-GCM-SHA384");
    }

    @Test
    void bangShouldRemoveForGoodAndMinusOnlyUntilAddedAgain() {
        assertThat(CipherStrings.openSslNames("-AES128:ECDHE-RSA-AES128-GCM-SHA256"))
                .containsExactly("ECDHE-RSA-AES128-GCM-SHA256");
        assertThatThrownBy(() -> CipherStrings.openSslNames("!AES128:ECDHE-RSA-AES128-GCM-SHA256"))
                .hasMessage("cipher string !AES128:ECDHE-RSA-AES128-GCM-SHA256 selects no cipher suite");
    }

    @Test
    void plusPrefixShouldMoveToTheEndAndStrengthShouldSort() {
        assertThat(CipherStrings.openSslNames("AESGCM+ECDHE+aRSA:+AES256"))
                .containsExactly("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384");
        assertThat(CipherStrings.openSslNames("ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:@STRENGTH"))
                .containsExactly("ECDHE-RSA-AES256-SHA", "ECDHE-RSA-AES128-SHA");
    }

    @Test
    void defaultShouldLeaveOutAnonymousNullAndTripleDes() {
        List<String> names = CipherStrings.openSslNames("DEFAULT");
        assertThat(names).contains("ECDHE-RSA-AES256-GCM-SHA384", "AES128-SHA")
                .doesNotContain("ADH-AES128-SHA", "NULL-SHA", "DES-CBC3-SHA");
        assertThat(CipherStrings.openSslNames("ALL")).contains("ADH-AES128-SHA").doesNotContain("NULL-SHA");
        assertThat(CipherStrings.openSslNames("MEDIUM")).containsExactly("ECDHE-RSA-DES-CBC3-SHA", "DES-CBC3-SHA");
    }

    @Test
    void unknownKeywordShouldBeRefusedButUnknownNamesAndUnofferedAlgorithmsSelectNothing() {
        assertThatThrownBy(() -> CipherStrings.toJsse("ssl_outgoing_ciphers", "HIGH:!aNUL", JDK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ssl_outgoing_ciphers HIGH:!aNUL: unknown cipher keyword aNUL");
        assertThat(CipherStrings.openSslNames("ECDHE-RSA-CAMELLIA256-SHA384:AES128-SHA:!RC4:!SEED:!PSK"))
                .containsExactly("AES128-SHA");
        assertThatThrownBy(() -> CipherStrings.toJsse("ssl_listen_ciphers", "CAMELLIA", JDK))
                .hasMessage("ssl_listen_ciphers CAMELLIA selects no cipher suite");
    }

    @Test
    void suitesTheProviderLacksShouldBeDroppedAndNoneLeftIsAnError() {
        assertThatThrownBy(() -> CipherStrings.toJsse("ssl_listen_ciphers", "ECDHE-RSA-AES128-GCM-SHA256",
                Set.of("TLS_AES_128_GCM_SHA256")))
                .hasMessage("ssl_listen_ciphers ECDHE-RSA-AES128-GCM-SHA256 selects no TLS 1.2 cipher suite this"
                        + " TLS provider offers");
        assertThat(CipherStrings.toJsse("c", "aRSA+AESGCM", Set.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")))
                .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    /** OpenSSL itself is the reference: same suites in the same order, as far as the table knows them. */
    @ParameterizedTest
    @ValueSource(strings = {"HIGH:!aNULL:!MD5", "ECDHE+AESGCM", "ALL:@STRENGTH", "DEFAULT", "ALL:COMPLEMENTOFALL",
        "kRSA:ECDHE:-SHA1:+AES128", "ALL:!ECDHE:!SHA1", "AES256:AES128:!DHE", "aNULL", "eNULL", "kRSA",
        "ECDHE-RSA-AES128-SHA:AES:@STRENGTH", "HIGH:!aNULL:!kRSA:!SHA1:+AES128", "ECDSA+AES128:RSA+AES128",
        "EDH:EECDH:-AES256:+CHACHA20", "TLSv1.2+aRSA", "SHA256:SHA384:!DHE", "DH+AESGCM:ECDH+SHA1",
        "EECDH+CHACHA20:EDH+AESGCM+AES256", "ALL:!aNULL:!eNULL:@STRENGTH:-kRSA:RSA", "ALL:-AES128:AES128",
        "HIGH:-ECDHE:+DHE:ECDHE:@STRENGTH", "AES128-SHA:AES256-SHA:ALL:-SHA1:SHA1"})
    void selectionShouldMatchTheOpensslCommand(String cipherString) {
        Set<String> known = CipherSuiteTable.all().stream().map(CipherSuiteTable.Suite::openSslName)
                .collect(Collectors.toSet());
        Set<String> opensslKnows = Set.of(TestCertificates.openssl("ciphers", "ALL:COMPLEMENTOFALL").trim()
                .split(":"));
        List<String> expected = new ArrayList<>();
        for (String name : TestCertificates.openssl("ciphers", cipherString).trim().split(":")) {
            if (known.contains(name)) {
                expected.add(name);
            }
        }
        List<String> ours = new ArrayList<>(CipherStrings.openSslNames(cipherString));
        ours.retainAll(opensslKnows);
        assertThat(ours).as(cipherString).containsExactlyElementsOf(expected);
    }
}
