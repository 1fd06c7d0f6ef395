package org.perditioncamel.protocol.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perditioncamel.listener.LockstepHandler;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.testing.UserEvents;

import static org.assertj.core.api.Assertions.assertThat;

/** IMAP command framing before login: literals, limits, one command in flight (reference §5.2, §12). */
class ImapCommandDecoderTest {
    private static final String CONTINUATION = "+ OK ready for additional input\r\n";

    private ImapCommandDecoder decoder;
    private EmbeddedChannel ch;

    /** A channel whose greeting has been written, as ClientConnectedHandler's CONNECTED gets it answered. */
    private EmbeddedChannel greeted(int maxLineLength, boolean literalPlus) {
        decoder = new ImapCommandDecoder(maxLineLength, literalPlus);
        ch = new EmbeddedChannel(decoder);
        answer("* OK greeting");
        return ch;
    }

    @AfterEach
    void releaseEverything() {
        if (ch != null) {
            ch.finishAndReleaseAll();
            assertThat(decoder.buffered()).isZero();
        }
    }

    private void write(String s) {
        ch.writeInbound(Unpooled.wrappedBuffer(b(s)));
    }

    /** Writes the dialect's answer to the command in flight; it is taken off the outbound queue again. */
    private void answer(String text) {
        answer(Reply.of(text));
    }

    private void answer(Reply reply) {
        ch.writeOutbound(reply);
        assertThat((Object) ch.readOutbound()).isEqualTo(reply);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private ClientCommand command() {
        return ch.readInbound();
    }

    private String commandBytes() {
        ClientCommand c = command();
        assertThat(c).isNotNull();
        assertThat(c.getKind()).isEqualTo(ClientCommand.Kind.LINE);
        return new String(c.raw(), StandardCharsets.ISO_8859_1);
    }

    /** What went to the client: continuations (bytes) and replies, as text. */
    private List<String> outbound() {
        List<String> out = new ArrayList<>();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            if (o instanceof ByteBuf buf) {
                out.add(buf.toString(StandardCharsets.ISO_8859_1));
                buf.release();
            } else {
                out.add(((Reply) o).text());
            }
        }
        return out;
    }

    @Test
    void nothingShouldBeDecodedBeforeTheGreetingIsWritten() {
        decoder = new ImapCommandDecoder(100, false);
        ch = new EmbeddedChannel(decoder);
        write("a1 NOOP\r\n");
        assertThat((Object) command()).isNull();
        answer("* OK greeting");
        assertThat(commandBytes()).isEqualTo("a1 NOOP\r\n");
    }

    @Test
    void pipelinedCommandsShouldBeDecodedOneAnswerAtATime() {
        greeted(100, false);
        write("a1 NOOP\r\na2 CAPABILITY\r\na3 LOGOUT\r\n");
        assertThat(commandBytes()).isEqualTo("a1 NOOP\r\n");
        assertThat((Object) command()).isNull();
        answer("a1 OK NOOP");
        assertThat(commandBytes()).isEqualTo("a2 CAPABILITY\r\n");
        answer("a2 OK CAPABILITY");
        assertThat(commandBytes()).isEqualTo("a3 LOGOUT\r\n");
        assertThat((Object) command()).isNull();
    }

    @Test
    void synchronisingLiteralsShouldGetPerditionsContinuation() {
        greeted(100, false);
        write("a1 LOGIN {5}\r\n");
        assertThat(outbound()).containsExactly(CONTINUATION);
        assertThat((Object) command()).isNull();
        write("alice {6}\r\n");
        assertThat(outbound()).containsExactly(CONTINUATION);
        write("secret\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\n");
        assertThat(outbound()).isEmpty();
    }

    @Test
    void pipelinedCommandAfterLiteralsShouldWaitForTheLoginsAnswer() {
        greeted(100, false);
        write("a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\na2 NOOP\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\n");
        assertThat(outbound()).containsExactly(CONTINUATION, CONTINUATION);
        assertThat((Object) command()).isNull();
        answer("a1 NO failed: Re-Authentication Failure");
        assertThat(commandBytes()).isEqualTo("a2 NOOP\r\n");
    }

    @Test
    void bytesAfterASuccessfulLoginShouldStayRawForTheRelay() {
        greeted(100, false);
        write("a1 LOGIN alice secret\r\na2 APPEND INBOX {3}\r\nabc\r\na3 NOOP\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN alice secret\r\n");
        // as Splice does in one event-loop task: the success line, then the decoder goes with what it holds
        ch.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ctx.pipeline().remove(decoder);
                ctx.write(msg, promise);
            }
        });
        ch.writeOutbound(Reply.of("a1 OK You are so in"));
        ByteBuf rest = ch.readInbound();
        assertThat(rest.toString(StandardCharsets.ISO_8859_1)).isEqualTo("a2 APPEND INBOX {3}\r\nabc\r\na3 NOOP\r\n");
        rest.release();
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(outbound()).containsExactly("a1 OK You are so in\r\n");
    }

    @Test
    void literalSentOneByteAtATimeShouldBeReassembledExactly() {
        greeted(100, false);
        String command = "a1 LOGIN {5}\r\nal\nce {8}\r\n\"s\r\nc t\"\r\n";
        for (byte x : b(command)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        assertThat(commandBytes()).isEqualTo(command);
        assertThat(outbound()).containsExactly(CONTINUATION, CONTINUATION);
    }

    @Test
    void emptyLiteralShouldBeAccepted() {
        greeted(100, false);
        write("a1 LOGIN {0}\r\n {0}\r\n\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN {0}\r\n {0}\r\n\r\n");
        assertThat(outbound()).containsExactly(CONTINUATION, CONTINUATION);
    }

    @Test
    void literalExactlyAtTheLimitShouldBeRead() {
        greeted(100, false);
        String data = "x".repeat(ImapCommandDecoder.LITERAL_LIMIT);
        write("a1 LOGIN alice {8192}\r\n");
        assertThat(outbound()).containsExactly(CONTINUATION);
        write(data + "\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN alice {8192}\r\n" + data + "\r\n");
    }

    @Test
    void literalOneByteOverTheLimitShouldBeRefusedWithoutContinuation() {
        greeted(100, false);
        write("a1 LOGIN alice {8193}\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN alice {8193}\r\n");
        assertThat(outbound()).isEmpty();
        assertThat(decoder.buffered()).isZero();
        answer("a1 BAD [TOOBIG] Literal too long, mate");
        write("a2 NOOP\r\n");
        assertThat(commandBytes()).isEqualTo("a2 NOOP\r\n");
    }

    @Test
    void hugeLiteralSizesShouldBeRefusedWithoutOverflow() {
        greeted(100, false);
        for (String size : new String[] {"4294967295", "4294967296", "9223372036854775807", "99999999999999999999999999"}) {
            write("a1 LOGIN {" + size + "}\r\n");
            assertThat(commandBytes()).isEqualTo("a1 LOGIN {" + size + "}\r\n");
            assertThat(outbound()).isEmpty();
            answer("a1 BAD [TOOBIG] Literal too long, mate");
        }
    }

    @Test
    void literalsOfOneCommandShouldBeLimitedTogether() {
        greeted(100, false);
        String data = "x".repeat(ImapCommandDecoder.LITERAL_LIMIT);
        write("a1 ID ({8192}\r\n" + data + " {8192}\r\n" + data + " {1}\r\n");
        assertThat(commandBytes()).isEqualTo("a1 ID ({8192}\r\n" + data + " {8192}\r\n" + data + " {1}\r\n");
        assertThat(outbound()).containsExactly(CONTINUATION, CONTINUATION);
    }

    @Test
    void announcedHundredMegabyteLiteralShouldNotBeBuffered() {
        greeted(100, false);
        write("a1 LOGIN {100000000}\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN {100000000}\r\n");
        assertThat(decoder.buffered()).isZero();
    }

    @Test
    void refusedNonSynchronisingLiteralShouldBeSkippedExactlyWithoutBuffering() {
        greeted(100, true);
        write("a1 LOGIN {10000000+}\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN {10000000+}\r\n");
        answer("a1 BAD [TOOBIG] Literal too long, mate");
        byte[] chunk = new byte[65536];
        java.util.Arrays.fill(chunk, (byte) 'A');
        System.arraycopy(b("a9 LOGOUT\r\n"), 0, chunk, 0, 11);
        int left = 10000000;
        while (left > 0) {
            int n = Math.min(left, chunk.length);
            ch.writeInbound(Unpooled.wrappedBuffer(chunk, 0, n));
            left -= n;
            assertThat(decoder.buffered()).isZero();
        }
        assertThat((Object) command()).isNull();
        write(" x\r\na2 NOOP\r\n");
        assertThat(commandBytes()).isEqualTo("a2 NOOP\r\n");
    }

    @Test
    void nonSynchronisingLiteralWithoutLiteralPlusShouldBeRefusedAndItsDataSkipped() {
        greeted(100, false);
        write("a1 LOGIN {5+}\r\na2 LO");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN {5+}\r\n");
        write("GOUT {6+}\r\nsecret\r\na3 NOOP\r\n");
        assertThat((Object) command()).isNull();
        answer("a1 BAD Non-synchronising literal not supported, mate");
        assertThat(commandBytes()).isEqualTo("a3 NOOP\r\n");
        assertThat(outbound()).isEmpty();
    }

    @Test
    void nonSynchronisingLiteralsShouldBeReadWithoutContinuationUnderLiteralPlus() {
        greeted(100, true);
        write("a1 LOGIN {5+}\r\nalice {6+}\r\nsecret\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN {5+}\r\nalice {6+}\r\nsecret\r\n");
        assertThat(outbound()).isEmpty();
    }

    @Test
    void overlongNonSynchronisingLiteralShouldBeSkippedAcrossWrites() {
        greeted(100, true);
        write("a1 LOGIN {9000+}\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN {9000+}\r\n");
        answer("a1 BAD [TOOBIG] Literal too long, mate");
        write("a2 NOOP\r\n" + "y".repeat(4000));
        write("z".repeat(4991) + "\r\na3 NOOP\r\n");
        assertThat(commandBytes()).isEqualTo("a3 NOOP\r\n");
    }

    @Test
    void overlongLineShouldBeReportedAtOnceAndDiscardedToItsEnd() {
        greeted(16, false);
        write("a1 LOGIN " + "x".repeat(40));
        assertThat(command().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        write("y".repeat(40) + "\r\na2 NOOP\r\n");
        assertThat((Object) command()).isNull();
        answer("a1 BAD Mate, the line is too long");
        assertThat(commandBytes()).isEqualTo("a2 NOOP\r\n");
    }

    /** The report keeps the command's first word, for the dialect's tagged BAD; without one, nothing ("~" is CR LF). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a1 LOGIN xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx      | 'a1 '",
        "a1 LOGIN {3}~abc xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  | 'a1 '",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx     | ''",
        "xxxxxxxxxxxxxxxxxxxxxxxxxx a1 NOOP xxxxxxxxxxxxxxx  | ''",
    })
    void overlongLineShouldCarryItsFirstWord(String line, String head) {
        greeted(24, false);
        write(line.replace("~", "\r\n"));
        ClientCommand report = command();
        assertThat(report.getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        assertThat(new String(report.raw(), StandardCharsets.ISO_8859_1)).isEqualTo(head);
    }

    @Test
    void lineThatNeverEndsShouldBeReportedOnceWithoutBeingBuffered() {
        greeted(16, false);
        write("a1 LOGIN ");
        write("x".repeat(5));
        assertThat((Object) command()).isNull();
        write("x".repeat(5));
        assertThat(command().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        answer("* BAD Mate, the line is too long");
        for (int i = 0; i < 100; i++) {
            write("y".repeat(1000));
            assertThat(decoder.buffered()).isZero();
        }
        assertThat((Object) command()).isNull();
    }

    @Test
    void lineLimitShouldCountEveryLineOfACommandButNoLiteral() {
        greeted(20, false);
        write("a1 LOGIN {30}\r\n" + "d".repeat(30) + " \"" + "p".repeat(10) + "\"\r\n");
        assertThat(command().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        assertThat(outbound()).containsExactly(CONTINUATION);
        answer("* BAD Mate, the line is too long");
        write("a2 LOGIN {30}\r\n" + "d".repeat(30) + " pw\r\n");
        assertThat(commandBytes()).isEqualTo("a2 LOGIN {30}\r\n" + "d".repeat(30) + " pw\r\n");
    }

    @Test
    void overlongLineEndingInANonSynchronisingLiteralShouldSkipItsData() {
        greeted(16, true);
        write("a1 LOGIN " + "x".repeat(40) + " {9+}\r\na9 LOGOUT\r\n");
        assertThat(command().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        write("a2 NOOP\r\n");
        answer("* BAD Mate, the line is too long");
        assertThat(commandBytes()).isEqualTo("a2 NOOP\r\n");
    }

    @Test
    void overlongLineEndingInASynchronisingLiteralShouldEndThere() {
        greeted(16, false);
        write("a1 LOGIN " + "x".repeat(40) + " {9}\r\na2 NOOP\r\n");
        assertThat(command().getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        answer("* BAD Mate, the line is too long");
        assertThat(commandBytes()).isEqualTo("a2 NOOP\r\n");
        assertThat(outbound()).isEmpty();
    }

    @Test
    void saslResponseAfterAContinuationShouldBeAPlainLine() {
        greeted(100, false);
        write("a1 AUTHENTICATE PLAIN\r\n");
        assertThat(commandBytes()).isEqualTo("a1 AUTHENTICATE PLAIN\r\n");
        answer(Reply.continuation("+ "));
        write("AGFsaWNl {5}\r\n");
        assertThat(commandBytes()).isEqualTo("AGFsaWNl {5}\r\n");
        assertThat(outbound()).isEmpty();
        answer("a1 NO failed: Re-Authentication Failure");
        write("a2 LOGIN {1}\r\n");
        assertThat(outbound()).containsExactly(CONTINUATION);
    }

    /** perdition accepts a tag beginning with "+": its reply is no continuation request, the next command is a command. */
    @Test
    void replyToATagBeginningWithPlusShouldNotAwaitASaslResponse() {
        greeted(100, false);
        write("+ NOOP\r\n");
        assertThat(commandBytes()).isEqualTo("+ NOOP\r\n");
        answer("+ OK NOOP");
        write("a2 LOGIN {5}\r\n");
        assertThat(outbound()).containsExactly(CONTINUATION);
        assertThat((Object) command()).isNull();
    }

    @Test
    void clientLeavingMidLiteralShouldReleaseWhatWasBuffered() {
        greeted(100, false);
        write("a1 LOGIN {10}\r\nali");
        assertThat(decoder.buffered()).isPositive();
        ch.close();
        assertThat(decoder.buffered()).isZero();
        assertThat((Object) command()).isNull();
    }

    @Test
    void finAfterPipelinedCommandsShouldWaitUntilTheyAreDecoded() {
        greeted(100, false);
        UserEvents events = new UserEvents();
        ch.pipeline().addLast(events);
        write("a1 LOGIN alice wrong\r\na2 LOGOUT\r\n");
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(commandBytes()).isEqualTo("a1 LOGIN alice wrong\r\n");
        assertThat(events.seen()).isEmpty();
        answer("a1 NO failed: Re-Authentication Failure");
        assertThat(commandBytes()).isEqualTo("a2 LOGOUT\r\n");
        assertThat(events.seen()).isEmpty();
        answer("a2 OK LOGOUT");
        assertThat(events.seen()).containsExactly(ChannelInputShutdownEvent.INSTANCE);
    }

    @Test
    void clientFloodingWhileItsCommandIsAnsweredShouldBePausedNotBuffered() {
        greeted(100, false);
        write("a1 LOGIN alice secret\r\n");
        commandBytes();
        byte[] noops = b("a NOOP\r\n".repeat(ImapCommandDecoder.PENDING_LIMIT / 8 + 1));
        ch.writeInbound(Unpooled.wrappedBuffer(noops));
        assertThat(ch.config().isAutoRead()).isFalse();
        answer("a1 NO failed: Re-Authentication Failure");
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(commandBytes()).isEqualTo("a NOOP\r\n");
    }

    @Test
    void continuationShouldNotCountAsTheAnswer() {
        greeted(100, false);
        write("a1 LOGIN {5}\r\nalice x\r\na2 NOOP\r\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN {5}\r\nalice x\r\n");
        ch.runPendingTasks();
        assertThat((Object) command()).isNull();
    }

    @Test
    void decoderShouldKeepInStepWithTheListenersLockstep() {
        decoder = new ImapCommandDecoder(100, false);
        ch = new EmbeddedChannel(decoder, new LockstepHandler(Reply.of("* BYE Too many pipelined commands, mate")));
        write("a1 NOOP\r\na2 LOGIN alice secret\r\na3 NOOP\r\n");
        answer("* OK greeting");
        assertThat(commandBytes()).isEqualTo("a1 NOOP\r\n");
        answer("a1 OK NOOP");
        assertThat(commandBytes()).isEqualTo("a2 LOGIN alice secret\r\n");
        assertThat((Object) command()).isNull();
        answer("a2 NO failed: Re-Authentication Failure");
        assertThat(commandBytes()).isEqualTo("a3 NOOP\r\n");
    }

    @Test
    void bareLfShouldEndLinesAndMarkers() {
        greeted(100, false);
        write("a1 LOGIN {5}\nalice x\na2 NOOP\n");
        assertThat(commandBytes()).isEqualTo("a1 LOGIN {5}\nalice x\n");
        assertThat(outbound()).containsExactly(CONTINUATION);
    }
}
