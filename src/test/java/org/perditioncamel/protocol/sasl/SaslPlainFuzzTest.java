package org.perditioncamel.protocol.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import org.perditioncamel.session.Credentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SASL PLAIN from a client: any response text decodes to credentials or to one of perdition's error texts, the
 * credentials never print their password, and what we send a backend decodes to the same credentials. The input is
 * tried both as the client's base64 text and as the message it would encode (authzid NUL authcid NUL passwd).
 */
@Tag("fuzz")
class SaslPlainFuzzTest {
    private static final Set<String> ERRORS = Set.of("Invalid base64 encoded challenge",
            "Challenge has no authentication id", "Empty authentication id", "Challenge has no password",
            "Trailing garbage in challenge");

    @FuzzTest(maxDuration = "")
    void plain(byte[] data) {
        check(new String(data, StandardCharsets.ISO_8859_1));
        check(Base64.getEncoder().encodeToString(data));
    }

    private static void check(String response) {
        SaslPlain.Result result = SaslPlain.decode(response);
        if (result.credentials().isEmpty()) {
            assertThat(result.error()).isIn(ERRORS);
            return;
        }
        assertThat(result.error()).isNull();
        Credentials c = result.credentials().get();
        assertThat(c.user()).isNotEmpty().doesNotContain("\0");
        assertThat(c.password()).doesNotContain("\0");
        assertThat(c.toString()).isEqualTo(new Credentials(c.authorisationId(), c.user(), c.password() + "x").toString());
        // relayed to the backend: the same credentials come out again
        String relayed = SaslPlain.encode(c.authorisationId(), c.user(), c.password());
        assertThat(SaslPlain.decode(relayed).credentials()).isEqualTo(Optional.of(c));
    }
}
