package org.perditioncamel.policy;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A policy client that sends request after request without reading the answers is paced to one in flight. */
class PolicyPacingTest {
    private final PolicyPacing pacing = new PolicyPacing();
    private final EmbeddedChannel ch = new EmbeddedChannel(new PolicyRequestDecoder(2048), pacing);

    private void answer() {
        ch.writeOutbound(PolicyAnswer.DUNNO);
        ch.runPendingTasks();
    }

    @Test
    void requestsSentAtOnceShouldReachTheRouteOneAnswerAtATimeWithReadingPaused() {
        ch.writeInbound(Unpooled.wrappedBuffer("\n".repeat(1000).getBytes(StandardCharsets.US_ASCII)));
        assertThat((Object) ch.readInbound()).isInstanceOf(PolicyRequest.class);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(pacing.waiting()).isEqualTo(999);
        assertThat(ch.config().isAutoRead()).as("nothing more is read").isFalse();
        for (int i = 0; i < 999; i++) {
            answer();
            assertThat((Object) ch.readInbound()).as("request %d", i + 2).isInstanceOf(PolicyRequest.class);
        }
        answer();
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.config().isAutoRead()).as("all answered: reading again").isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aClientThatDoesNotTakeItsAnswersShouldNotBeReadUntilItDoes() {
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ch.writeInbound(Unpooled.wrappedBuffer("client_address=192.0.2.1\n\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat((Object) ch.readInbound()).isInstanceOf(PolicyRequest.class);
        ch.write(PolicyAnswer.DUNNO);   // not sent: the client reads nothing
        ch.runPendingTasks();
        assertThat(ch.isWritable()).isFalse();
        assertThat(ch.config().isAutoRead()).isFalse();
        ch.flushOutbound();
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    /** Postfix's way: one request, its answer, the next, on a connection kept open. */
    @Test
    void oneRequestAtATimeShouldFlowAsBefore() {
        for (int i = 0; i < 3; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer("client_address=192.0.2.1\n\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat((Object) ch.readInbound()).isInstanceOf(PolicyRequest.class);
            assertThat(ch.config().isAutoRead()).isTrue();
            answer();
        }
        ch.finishAndReleaseAll();
    }
}
