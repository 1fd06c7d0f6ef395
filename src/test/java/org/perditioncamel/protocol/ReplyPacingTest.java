package org.perditioncamel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.UserEvents;

import static org.assertj.core.api.Assertions.assertThat;

/** The reply pacing the decoders share, through a decoder that frames plain lines. */
class ReplyPacingTest {
    private static final int PAUSE_ABOVE = 64;

    private static final String TOO_MUCH = "x".repeat(PAUSE_ABOVE) + "\r\n";

    private final UserEvents events = new UserEvents();
    private Lines decoder;
    private EmbeddedChannel ch;

    /** Frames LF-terminated lines, nothing else: what is tested is the pacing around it. */
    private static final class Lines extends ReplyPacedDecoder {
        Lines(boolean waitForGreeting) {
            super(PAUSE_ABOVE, waitForGreeting);
        }

        @Override
        protected boolean skipRefused(ByteBuf in) {
            return true;
        }

        @Override
        protected void frame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (lf >= 0) {
                byte[] raw = new byte[lf + 1 - in.readerIndex()];
                in.readBytes(raw);
                out.add(ClientCommand.line(raw));
            }
        }

        @Override
        protected void discardFraming() {
        }

        int buffered() {
            return actualReadableBytes();
        }
    }

    private void open(boolean waitForGreeting) {
        decoder = new Lines(waitForGreeting);
        ch = new EmbeddedChannel(decoder, events);
    }

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private void send(String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    /** Writes a reply as the route does and lets the event loop run what it scheduled. */
    private void reply(Reply reply) {
        ch.writeOutbound(reply);
        ch.runPendingTasks();
        ch.releaseOutbound();
    }

    private String next() {
        ClientCommand c = ch.readInbound();
        return c == null ? null : c.text();
    }

    /** The client pipelines ONE and TWO; ONE is emitted and waits for its answer. */
    private void twoSentFirstInFlight() {
        open(false);
        send("ONE\r\nTWO\r\n");
        assertThat(next()).isEqualTo("ONE");
    }

    @Test
    void secondCommandShouldNotBeEmittedUntilTheFirstIsAnswered() {
        twoSentFirstInFlight();
        assertThat(next()).isNull();
        reply(Reply.of("ok one"));
        assertThat(next()).isEqualTo("TWO");
        assertThat(next()).isNull();
    }

    @Test
    void answerShouldTakeEffectOnlyInALaterEventLoopTask() {
        twoSentFirstInFlight();
        ch.pipeline().write(Reply.of("ok one"));
        assertThat(next()).isNull();
        ch.runPendingTasks();
        assertThat(next()).isEqualTo("TWO");
    }

    @Test
    void decoderWaitingForTheGreetingShouldFrameNothingBeforeIt() {
        open(true);
        send("ONE\r\n");
        assertThat(next()).isNull();
        reply(Reply.of("greeting"));
        assertThat(next()).isEqualTo("ONE");
    }

    @Test
    void replyWithNothingInFlightShouldNotLetASecondCommandThrough() {
        open(false);
        reply(Reply.of("greeting"));
        send("ONE\r\nTWO\r\n");
        assertThat(next()).isEqualTo("ONE");
        assertThat(next()).isNull();
    }

    @Test
    void unsolicitedReplyShouldNotCountAsTheAnswer() {
        twoSentFirstInFlight();
        reply(Reply.of("capabilities after the handshake").asUnsolicited());
        assertThat(next()).isNull();
        reply(Reply.of("ok one"));
        assertThat(next()).isEqualTo("TWO");
    }

    @Test
    void readingShouldPauseAboveTheThresholdAndResumeOnceNoMoreWaits() {
        open(false);
        send("ONE\r\nTWO\r\n" + TOO_MUCH);
        assertThat(next()).isEqualTo("ONE");
        assertThat(decoder.buffered()).isGreaterThan(PAUSE_ABOVE);
        assertThat(ch.config().isAutoRead()).isFalse();
        reply(Reply.of("ok one"));
        assertThat(next()).isEqualTo("TWO");
        assertThat(ch.config().isAutoRead()).isFalse();
        reply(Reply.of("ok two"));
        assertThat(next()).hasSize(PAUSE_ABOVE);
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void removedDecoderShouldLeaveReadingOnAndPassItsBytesOn() {
        open(false);
        send("ONE\r\n" + TOO_MUCH);
        next();
        ch.pipeline().remove(decoder);
        assertThat(ch.config().isAutoRead()).isTrue();
        ByteBuf rest = ch.readInbound();
        assertThat(rest.toString(StandardCharsets.ISO_8859_1)).isEqualTo(TOO_MUCH);
        rest.release();
    }

    @Test
    void finWhileACommandIsInFlightShouldBeHeldUntilTheLastCommandBeforeItIsAnswered() {
        twoSentFirstInFlight();
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(events.seen()).isEmpty();
        reply(Reply.of("ok one"));
        assertThat(next()).isEqualTo("TWO");
        assertThat(events.seen()).isEmpty();
        reply(Reply.of("ok two"));
        assertThat(events.seen()).containsExactly(ChannelInputShutdownEvent.INSTANCE);
    }

    @Test
    void finWithNothingInFlightShouldPassAtOnce() {
        open(false);
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(events.seen()).containsExactly(ChannelInputShutdownEvent.INSTANCE);
    }

    @Test
    void closingReplyShouldLetNothingMoreThrough() {
        open(false);
        send("QUIT\r\nTWO\r\n" + TOO_MUCH);
        next();
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        reply(Reply.of("bye").thenClose());
        reply(Reply.of("late"));
        assertThat(next()).isNull();
        assertThat(events.seen()).isEmpty();
        assertThat(ch.config().isAutoRead()).isFalse();
    }
}
