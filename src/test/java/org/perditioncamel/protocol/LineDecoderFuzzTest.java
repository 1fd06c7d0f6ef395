package org.perditioncamel.protocol;

import java.util.TreeMap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import org.perditioncamel.protocol.pop3.Pop3Dialect;
import org.perditioncamel.session.Protocol;

/**
 * POP3 before login under hostile bytes: the line decoder and the dialect together. Seeds and reproducers are in
 * src/test/resources/org/perditioncamel/protocol/LineDecoderFuzzTestInputs/pop3/.
 */
@Tag("fuzz")
class LineDecoderFuzzTest {
    private static final int MAX_LINE_LENGTH = 100;

    @FuzzTest(maxDuration = "")
    void pop3(byte[] data) {
        ClientPipeline.check(data, () -> {
            LineDecoder decoder = new LineDecoder(MAX_LINE_LENGTH);
            return new ClientPipeline(Protocol.POP3, new Pop3Dialect(new Greeting(true, false, new TreeMap<>()), "UIDL.USER"),
                    decoder, decoder::buffered, () -> false, MAX_LINE_LENGTH + 1);
        });
    }
}
