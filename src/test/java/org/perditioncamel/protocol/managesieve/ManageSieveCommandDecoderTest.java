package org.perditioncamel.protocol.managesieve;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.testing.UserEvents;

import static org.assertj.core.api.Assertions.assertThat;

/** Framing of ManageSieve commands with literals, one command per reply, bounded memory (RFC 5804 section 4). */
class ManageSieveCommandDecoderTest {
    private static final int LIMIT = 100;

    private final ManageSieveCommandDecoder decoder = new ManageSieveCommandDecoder(LIMIT);
    private final UserEvents events = new UserEvents();
    private final EmbeddedChannel ch = new EmbeddedChannel(decoder, events);

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void send(String s) {
        ch.writeInbound(Unpooled.copiedBuffer(b(s)));
    }

    private ClientCommand next() {
        return ch.readInbound();
    }

    /** The proxy answers the command in flight; the decoder then frames the next one. */
    private void reply() {
        ch.writeOutbound(Reply.of("OK"));
        ch.runPendingTasks();
        ch.releaseOutbound();
    }

    @Test
    void decoderShouldEmitALineWithItsExactBytes() {
        send("CAPABILITY\r\n");
        assertThat(next().raw()).isEqualTo(b("CAPABILITY\r\n"));
        assertThat(next()).isNull();
    }

    @Test
    void literalSplitByteByByteShouldBeReassembledIntoOneCommand() {
        String command = "AUTHENTICATE \"PLAIN\" {20+}\r\nAGFsaWNlAHNlY3JldA==\r\n";
        for (byte x : b(command)) {
            assertThat(next()).isNull();
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        assertThat(next().raw()).isEqualTo(b(command));
        assertThat(next()).isNull();
    }

    @Test
    void synchronisingLiteralShouldBeReadWithoutAContinuation() {
        send("AUTHENTICATE \"PLAIN\" {20}\r\n");
        assertThat(next()).isNull();
        assertThat((Object) ch.readOutbound()).isNull();
        send("AGFsaWNlAHNlY3JldA==\r\n");
        assertThat(next().raw()).isEqualTo(b("AUTHENTICATE \"PLAIN\" {20}\r\nAGFsaWNlAHNlY3JldA==\r\n"));
    }

    @Test
    void literalDataShouldNotBeReadAsLineEndsOrLiteralHeaders() {
        send("NOOP {7+}\r\nab\r\n{2}\r\nCAPABILITY\r\n");
        assertThat(next().raw()).isEqualTo(b("NOOP {7+}\r\nab\r\n{2}\r\n"));
        reply();
        assertThat(next().text()).isEqualTo("CAPABILITY");
    }

    @Test
    void lineAfterLiteralDataShouldBeAbleToAnnounceAnotherLiteral() {
        String command = "AUTHENTICATE {7+}\r\n\"PLAIN\" {3+}\r\nabc\r\n";
        send(command);
        assertThat(next().raw()).isEqualTo(b(command));
    }

    @Test
    void braceGluedToLiteralDataShouldNotStartAnotherLiteral() {
        send("NOOP {1+}\r\nx{3+}\r\nNOOP\r\n");
        assertThat(next().raw()).isEqualTo(b("NOOP {1+}\r\nx{3+}\r\n"));
        reply();
        assertThat(next().raw()).isEqualTo(b("NOOP\r\n"));
    }

    @Test
    void pipelinedCommandsShouldBeFramedOneReplyAtATime() {
        send("CAPABILITY\r\nNOOP \"a\"\r\nLOGOUT\r\n");
        assertThat(next().text()).isEqualTo("CAPABILITY");
        assertThat(next()).isNull();
        reply();
        assertThat(next().text()).isEqualTo("NOOP \"a\"");
        assertThat(next()).isNull();
        reply();
        assertThat(next().text()).isEqualTo("LOGOUT");
        reply();
        assertThat(next()).isNull();
    }

    @Test
    void commandAfterALiteralInTheSamePacketShouldWaitForTheReply() {
        send("AUTHENTICATE \"PLAIN\" {20+}\r\nAGFsaWNlAHNlY3JldA==\r\nNOOP\r\n");
        assertThat(next().text()).startsWith("AUTHENTICATE");
        assertThat(next()).isNull();
        reply();
        assertThat(next().raw()).isEqualTo(b("NOOP\r\n"));
    }

    @Test
    void bytesAfterALoginCommandShouldReachTheRelayUndecodedWhenTheDecoderIsRemoved() {
        String script = "PUTSCRIPT \"s\" {300+}\r\n" + "k".repeat(300) + "\r\nLISTSCRIPTS\r\n";
        send("AUTHENTICATE \"PLAIN\" \"AGFsaWNlAHNlY3JldA==\"\r\n" + script);
        assertThat(next().text()).startsWith("AUTHENTICATE");
        // the splice writes the success line and removes the decoder in one event-loop task (the pipeline's
        // write, as EmbeddedChannel.write itself would run the pending tasks in between)
        ch.pipeline().write(Reply.of("OK \"You are so in\""));
        ch.pipeline().remove(decoder);
        ch.runPendingTasks();
        ByteBuf rest = ch.readInbound();
        assertThat(rest.toString(StandardCharsets.ISO_8859_1)).isEqualTo(script);
        rest.release();
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void overLimitLiteralShouldBeReportedAtOnceAndSkippedWithBoundedMemory() {
        send("AUTHENTICATE \"PLAIN\" {100000+}\r\n");
        assertThat(next().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        String chunk = "A".repeat(1000);
        for (int i = 0; i < 100; i++) {
            send(chunk);
            assertThat(decoder.buffered()).isZero();
            assertThat(next()).isNull();
        }
        send("\r\nNOOP\r\n");
        assertThat(next()).isNull();
        reply();
        assertThat(next().raw()).isEqualTo(b("NOOP\r\n"));
        assertThat(next()).isNull();
    }

    @Test
    void overLongQuotedStringShouldBeReportedOnceAndSkippedWithBoundedMemory() {
        send("AUTHENTICATE \"PLAIN\" \"");
        for (int i = 0; i < 50; i++) {
            send("QUFB".repeat(250));
            assertThat(decoder.buffered()).isLessThanOrEqualTo(LIMIT + 2);
        }
        assertThat(next().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        assertThat(next()).isNull();
        send("\"\r\nCAPABILITY\r\n");
        reply();
        assertThat(next().text()).isEqualTo("CAPABILITY");
        assertThat(next()).isNull();
    }

    @Test
    void literalAnnouncedAtTheEndOfAnOverLongLineShouldStillBeSkipped() {
        send("NOOP \"" + "x".repeat(500) + "\" {12+}\r\n");
        send("NOOP\r\nNOOP\r\n\r\nCAPABILITY\r\n");
        assertThat(next().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        reply();
        assertThat(next().text()).isEqualTo("CAPABILITY");
    }

    @Test
    void lineThatNeverEndsShouldBeReportedOnceWithoutBeingBuffered() {
        send("NOOP \"" + "x".repeat(LIMIT / 2));
        assertThat(next()).isNull();
        send("x".repeat(LIMIT / 2));
        assertThat(next().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        reply();
        for (int i = 0; i < 100; i++) {
            send("y".repeat(1000));
            assertThat(decoder.buffered()).isZero();
        }
        assertThat(next()).isNull();
    }

    @Test
    void overLimitLineWithItsLineEndShouldBeReportedAsTooLong() {
        send("NOOP \"" + "x".repeat(LIMIT) + "\"\r\nNOOP\r\n");
        assertThat(next().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        reply();
        assertThat(next().text()).isEqualTo("NOOP");
    }

    @Test
    void commandOfExactlyTheLimitShouldPass() {
        String exact = "NOOP {" + (LIMIT - 12) + "+}\r\n" + "y".repeat(LIMIT - 12) + "\r\n";
        assertThat(exact.length()).isEqualTo(LIMIT + 2);
        send(exact);
        assertThat(next().raw()).isEqualTo(b(exact));
    }

    @Test
    void commandOneByteOverTheLimitShouldBeTooLong() {
        send("NOOP {" + (LIMIT - 11) + "+}\r\n" + "y".repeat(LIMIT - 11) + "\r\n");
        assertThat(next().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
    }

    @Test
    void readingShouldPauseWhileACommandWaitsAndTooMuchIsBuffered() {
        send("NOOP\r\n" + "LISTSCRIPTS\r\n".repeat(20));
        assertThat(next().text()).isEqualTo("NOOP");
        assertThat(ch.config().isAutoRead()).isFalse();
        reply();
        assertThat(next().text()).isEqualTo("LISTSCRIPTS");
        assertThat(ch.config().isAutoRead()).isFalse();
        for (int i = 1; i < 20; i++) {
            reply();
            assertThat(next().text()).isEqualTo("LISTSCRIPTS");
        }
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void inputShutdownShouldWaitUntilEveryBufferedCommandWasAnswered() {
        send("CAPABILITY\r\nLOGOUT\r\n");
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(next().text()).isEqualTo("CAPABILITY");
        assertThat(events.seen()).isEmpty();
        reply();
        assertThat(next().text()).isEqualTo("LOGOUT");
        assertThat(events.seen()).isEmpty();
        reply();
        assertThat(events.seen()).containsExactly(ChannelInputShutdownEvent.INSTANCE);
    }

    @Test
    void clientVanishingMidLiteralShouldLeaveNoBufferBehind() {
        ByteBuf first = Unpooled.copiedBuffer(b("AUTHENTICATE \"PLAIN\" {20+}\r\nAGFs"));
        ByteBuf second = Unpooled.copiedBuffer(b("aWNl"));
        ch.writeInbound(first);
        ch.writeInbound(second);
        assertThat(next()).isNull();
        ch.close();
        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(next()).isNull();
    }

    @Test
    void greetingWrittenBeforeAnyCommandShouldNotReleaseAnything() {
        ch.writeOutbound(Reply.of("OK \"perdition ready\""));
        ch.runPendingTasks();
        ch.releaseOutbound();
        send("NOOP\r\nNOOP\r\n");
        assertThat(next().text()).isEqualTo("NOOP");
        assertThat(next()).isNull();
    }
}
