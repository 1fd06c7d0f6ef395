package org.perditioncamel.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.listener.LockstepHandler;

import static org.assertj.core.api.Assertions.assertThat;

/** POP3 line framing before login: bounded lines, one line per answer. */
class LineDecoderTest {
    private LineDecoder decoder;
    private EmbeddedChannel ch;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A channel whose greeting has been written, as ClientConnectedHandler's CONNECTED gets it answered. */
    private void greeted(int maxLineLength) {
        decoder = new LineDecoder(maxLineLength);
        ch = new EmbeddedChannel(decoder);
        answer("+OK greeting");
    }

    @AfterEach
    void releaseEverything() {
        ch.finishAndReleaseAll();
        assertThat(decoder.buffered()).isZero();
    }

    private void write(String s) {
        ch.writeInbound(Unpooled.wrappedBuffer(b(s)));
    }

    private void answer(String text) {
        ch.writeOutbound(Reply.of(text));
        assertThat((Object) ch.readOutbound()).isEqualTo(Reply.of(text));
        ch.runPendingTasks();
    }

    private ClientCommand command() {
        return ch.readInbound();
    }

    @Test
    void linesSplitAcrossPacketsShouldBeReassembled() {
        greeted(100);
        write("US");
        write("ER a\r");
        write("\nPASS b\r\nQU");
        assertThat(command().text()).isEqualTo("USER a");
        answer("+OK USER a set, mate");
        assertThat(command().raw()).isEqualTo(b("PASS b\r\n"));
        assertThat((Object) command()).isNull();
    }

    @Test
    void nothingShouldBeFramedBeforeTheGreeting() {
        decoder = new LineDecoder(100);
        ch = new EmbeddedChannel(decoder);
        write("CAPA\r\n");
        assertThat((Object) command()).isNull();
        answer("+OK greeting");
        assertThat(command().text()).isEqualTo("CAPA");
    }

    @Test
    void pipelinedLinesShouldBeFramedOneAnswerAtATime() {
        greeted(100);
        write("CAPA\r\nUSER a\r\nPASS b\r\n");
        assertThat(command().text()).isEqualTo("CAPA");
        assertThat((Object) command()).isNull();
        answer("+OK Capability list follows, mate");
        assertThat(command().text()).isEqualTo("USER a");
        assertThat((Object) command()).isNull();
    }

    @Test
    void overlongLineShouldBeReportedOnceAndTheNextLineDecoded() {
        greeted(16);
        write("x".repeat(40));
        write("y".repeat(40) + "\r\nCAPA\r\n");
        assertThat(command().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        assertThat((Object) command()).isNull();
        answer("-ERR Mate, the line is too long");
        assertThat(command().text()).isEqualTo("CAPA");
        assertThat((Object) command()).isNull();
    }

    @Test
    void lineThatNeverEndsShouldBeReportedAsSoonAsItPassesTheLimitWithoutBeingBuffered() {
        greeted(16);
        write("x".repeat(10));
        assertThat((Object) command()).isNull();
        write("x".repeat(10));
        assertThat(command().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        for (int i = 0; i < 100; i++) {
            write("y".repeat(1000));
            assertThat(decoder.buffered()).isZero();
        }
        assertThat((Object) command()).isNull();
        answer("-ERR Mate, the line is too long");
        write("y\r\nCAPA\r\n");
        assertThat(command().text()).isEqualTo("CAPA");
        assertThat((Object) command()).isNull();
    }

    @Test
    void lineOfTheLimitShouldPassHoweverItIsSplit() {
        greeted(16);
        write("x".repeat(16) + "\r");
        write("\n");
        assertThat(command().text()).isEqualTo("x".repeat(16));
        assertThat((Object) command()).isNull();
    }

    /** What follows PASS is the backend's: an overlong line stays raw and goes on untouched when the splice removes us. */
    @Test
    void overlongLinePipelinedBehindTheLoginShouldStayRawForTheBackend() {
        greeted(16);
        String later = "XLONG " + "x".repeat(100) + "\r\nSTAT\r\n";
        write("PASS b\r\n" + later);
        assertThat(command().text()).isEqualTo("PASS b");
        assertThat((Object) command()).isNull();
        ch.pipeline().remove(decoder);
        ByteBuf passedOn = ch.readInbound();
        assertThat(passedOn.toString(StandardCharsets.ISO_8859_1)).isEqualTo(later);
        passedOn.release();
    }

    /** While a line is in flight, reading pauses once more than 64 KiB wait behind it. */
    @Test
    void readingShouldPauseWhenTooMuchIsPipelinedBehindTheLineInFlight() {
        greeted(100);
        write("USER a\r\n");
        assertThat(command().text()).isEqualTo("USER a");
        write("x".repeat(LineDecoder.PENDING_LIMIT));
        assertThat(ch.config().isAutoRead()).isTrue();
        write("xx");
        assertThat(ch.config().isAutoRead()).isFalse();
        answer("+OK USER a set, mate");
        assertThat(command().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    /**
     * The decoder and the lockstep both pause reading, for different reasons: one resuming must not undo the other's
     * pause. A client that stops reading its replies, then reads them while more than 64 KiB wait behind its PASS, was
     * read again without bound (the lockstep turned reading back on while the decoder still held too much).
     */
    @Test
    void aPauseForTheBacklogShouldOutlastTheEndOfAPauseForUnreadReplies() {
        decoder = new LineDecoder(100);
        ch = new EmbeddedChannel(decoder, new LockstepHandler(Reply.of("-ERR Too many pipelined commands, mate")));
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 32));
        ch.writeInbound(org.perditioncamel.protocol.ClientCommand.connected());
        assertThat(command().getKind()).isEqualTo(ClientCommand.Kind.CONNECTED);
        answer("+OK greeting");
        write("USER a\r\nPASS b\r\n" + "x".repeat(LineDecoder.PENDING_LIMIT + 10));
        assertThat(command().text()).isEqualTo("USER a");
        assertThat(ch.config().isAutoRead()).as("paused for the backlog").isFalse();
        ch.write(Reply.of("+OK USER a set, mate" + " ".repeat(40)));   // not sent: the client reads nothing
        ch.runPendingTasks();
        assertThat(ch.isWritable()).isFalse();
        assertThat(command().text()).isEqualTo("PASS b");
        ch.flushOutbound();   // the client takes its replies; more than 64 KiB still wait behind PASS
        ch.runPendingTasks();
        assertThat(ch.isWritable()).isTrue();
        assertThat(ch.config().isAutoRead()).as("still paused for the backlog").isFalse();
        ch.releaseOutbound();
        answer("-ERR failed: Re-Authentication Failure");
        assertThat(command().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        assertThat(ch.config().isAutoRead()).as("reading again").isTrue();
    }
}
