package org.perditioncamel.protocol.managesieve;

import java.util.TreeMap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.ClientPipeline;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.session.Protocol;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ManageSieve before login under hostile bytes: command framing (literals {n} and {n+}), the tokenizer and the
 * dialect that answers each command (AUTHENTICATE "PLAIN" with its SASL response, STARTTLS, LOGOUT).
 */
@Tag("fuzz")
class ManageSieveCommandDecoderFuzzTest {
    private static final int MAX_LINE_LENGTH = 100;

    @FuzzTest(maxDuration = "")
    void managesieve(byte[] data) {
        ClientPipeline.check(data, () -> {
            ManageSieveCommandDecoder decoder = new ManageSieveCommandDecoder(MAX_LINE_LENGTH);
            ManageSieveDialect dialect = new ManageSieveDialect(new Greeting(true, false, new TreeMap<>()), null, false);
            return new ClientPipeline(Protocol.MANAGESIEVE, dialect, decoder, decoder::buffered,
                    decoder::awaitingLiteralData, MAX_LINE_LENGTH + 2 + LiteralHeader.MAX_ENDING);
        });
    }

    /** The tokenizer on any bytes, as a framed command: it never fails and never prints a value. */
    @FuzzTest(maxDuration = "")
    void tokenizer(byte[] data) {
        for (ManageSieveTokenizer.Token token : ManageSieveTokenizer.tokenize(data)) {
            assertThat(token.value()).isNotNull();
            // a value may be a password: toString shows its length only
            assertThat(token.toString()).isEqualTo(new ManageSieveTokenizer.Token(token.kind(),
                    "x".repeat(token.value().length())).toString());
            if (token.kind() != ManageSieveTokenizer.Kind.LITERAL) {
                assertThat(token.value().length()).isLessThanOrEqualTo(ManageSieveTokenizer.MAX_STRING);
            }
        }
        assertThat(ClientCommand.line(data).toString()).doesNotContain("\n");
    }
}
