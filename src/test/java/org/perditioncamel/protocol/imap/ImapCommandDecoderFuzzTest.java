package org.perditioncamel.protocol.imap;

import java.util.Arrays;
import java.util.TreeMap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import org.perditioncamel.protocol.ClientPipeline;
import org.perditioncamel.testing.Splits;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.session.Protocol;

/**
 * IMAP before login under hostile bytes: command framing (atoms, quoted strings, literals with and without
 * LITERAL+, AUTHENTICATE's SASL responses) and the dialect that answers each command.
 */
@Tag("fuzz")
class ImapCommandDecoderFuzzTest {
    private static final int MAX_LINE_LENGTH = 100;
    /** The command being framed: its text (whose CRLFs and CRs are at most twice as many bytes) and its literals. */
    private static final long MEMORY_BOUND = 3L * MAX_LINE_LENGTH + ImapCommandDecoder.COMMAND_LITERAL_LIMIT + 64;

    @FuzzTest(maxDuration = "")
    void imap(byte[] data) {
        if (data.length <= Splits.BYTEWISE_MAX || !Splits.FUZZING) {
            run(data, true);
            run(data, false);
        } else {
            // a longer input while fuzzing: one of the two, as its hash says (the fuzzer's mutations try both)
            run(data, (Arrays.hashCode(data) & 1) == 0);
        }
    }

    private static void run(byte[] data, boolean literalPlus) {
        ClientPipeline.check(data, () -> {
            ImapCommandDecoder decoder = new ImapCommandDecoder(MAX_LINE_LENGTH, literalPlus);
            ImapDialect dialect = new ImapDialect(new Greeting(true, false, new TreeMap<>()), "IMAP4 IMAP4REV1",
                    false, literalPlus, false, false, true);
            return new ClientPipeline(Protocol.IMAP4, dialect, decoder, decoder::buffered,
                    decoder::awaitingLiteralData, MEMORY_BOUND);
        });
    }
}
