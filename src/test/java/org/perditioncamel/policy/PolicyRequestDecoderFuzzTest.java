package org.perditioncamel.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Tag;
import org.perditioncamel.testing.Splits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Postfix policy requests from whatever connects to the policy port: framed the same however the bytes are cut,
 * never holding more than policy.max_request_bytes, and after any input an empty line gets a request answered
 * unless an oversized request already ended the connection. toString shows no attribute value.
 */
@Tag("fuzz")
class PolicyRequestDecoderFuzzTest {
    private static final int MAX_REQUEST_BYTES = 200;

    @FuzzTest(maxDuration = "")
    void policyRequest(byte[] data) {
        List<String> first = null;
        for (List<byte[]> chunks : Splits.of(data)) {
            PolicyRequestDecoder decoder = new PolicyRequestDecoder(MAX_REQUEST_BYTES);
            EmbeddedChannel channel = new EmbeddedChannel(decoder);
            List<String> requests = new ArrayList<>();
            for (byte[] chunk : chunks) {
                channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                read(channel, requests);
                if (decoder.buffered() > MAX_REQUEST_BYTES) {
                    throw new AssertionError("bytes held by the decoder: " + decoder.buffered());
                }
            }
            if (first == null) {
                first = List.copyOf(requests);
            } else {
                assertThat(requests).as("the same bytes cut differently").isEqualTo(first);
            }
            boolean closing = requests.stream().anyMatch(r -> r.startsWith("oversized"));
            if (!closing) {
                // a partial line, then the request's end: answered unless that made it too long
                int before = requests.size();
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'\n', '\n'}));
                read(channel, requests);
                assertThat(requests.size()).as("an empty line ends a request").isGreaterThan(before);
            }
            channel.finishAndReleaseAll();
        }
    }

    private static void read(EmbeddedChannel channel, List<String> requests) {
        PolicyRequest r;
        while ((r = channel.readInbound()) != null) {
            Map<String, String> hidden = r.attributes().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> "x".repeat(e.getValue().length() + 1)));
            assertThat(r.toString()).isEqualTo(new PolicyRequest(hidden, r.malformed(), r.oversized()).toString());
            requests.add((r.oversized() ? "oversized " : "") + r.malformed().orElse("") + " " + r.attributes());
        }
    }
}
