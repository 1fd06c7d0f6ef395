package org.perditioncamel.listener;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/** One command in flight between the decoder and the routes; its queue is a second line of defence behind the paced decoders. */
class LockstepHandlerTest {
    private static final Reply OVERFLOW = Reply.of("-ERR Too many pipelined commands, mate").thenClose();

    private final EmbeddedChannel ch = new EmbeddedChannel(new LockstepHandler(OVERFLOW));

    /** Every session starts with CONNECTED, answered by the greeting; these tests begin after it. */
    @BeforeEach
    void greeted() {
        greet(ch);
    }

    private static void greet(EmbeddedChannel channel) {
        channel.writeInbound(ClientCommand.connected());
        ClientCommand connected = channel.readInbound();
        assertThat(connected.getKind()).isEqualTo(ClientCommand.Kind.CONNECTED);
        channel.writeOutbound(Reply.of("+OK POP3 ready"));
        channel.releaseOutbound();
    }

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private static ClientCommand line(String text) {
        return ClientCommand.line(ClientCommand.bytes(text + "\r\n"));
    }

    private void send(String... lines) {
        for (String l : lines) {
            ch.writeInbound(line(l));
        }
    }

    /** The command the route got next, or null. */
    private String routed() {
        ClientCommand c = ch.readInbound();
        return c == null ? null : c.text();
    }

    private void reply(Reply reply) {
        ch.writeOutbound(reply);
        ch.releaseOutbound();
    }

    /** A client that sends commands and never reads the replies is not read either: the replies wait, bounded. */
    @Test
    void readingShouldPauseWhileRepliesWaitUnsentAndResumeOnceTheClientTakesThem() {
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 32));
        for (int i = 0; i < 8 && ch.config().isAutoRead(); i++) {
            send("CAPA");
            assertThat(routed()).isEqualTo("CAPA");
            ch.write(Reply.of("+OK Capability list follows"));   // written, not sent: the client reads nothing
            ch.runPendingTasks();
        }
        assertThat(ch.isWritable()).isFalse();
        assertThat(ch.config().isAutoRead()).as("reading paused").isFalse();

        ch.flushOutbound();   // the client takes them
        ch.runPendingTasks();
        assertThat(ch.isWritable()).isTrue();
        assertThat(ch.config().isAutoRead()).as("reading again").isTrue();
        ch.releaseOutbound();
    }

    @Test
    void pipelinedCommandsShouldReachTheRouteOneAnswerAtATime() {
        send("CAPA", "USER alice", "QUIT");
        assertThat(routed()).isEqualTo("CAPA");
        assertThat(routed()).isNull();
        reply(Reply.of("+OK Capability list follows"));
        assertThat(routed()).isEqualTo("USER alice");
        assertThat(routed()).isNull();
        reply(Reply.of("+OK USER alice set, mate"));
        assertThat(routed()).isEqualTo("QUIT");
    }

    /**
     * The first connection to a local address greets only once its reverse DNS name is known; a client that sent its
     * commands (and FIN) before that still gets the greeting first, then its answers, then the close.
     */
    @Test
    void commandsAndFinBeforeTheGreetingShouldWaitForIt() {
        EmbeddedChannel early = new EmbeddedChannel(new LockstepHandler(OVERFLOW));
        try {
            early.writeInbound(line("CAPA"), line("QUIT"));
            early.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            assertThat((Object) early.readInbound()).isNull();
            assertThat(early.isOpen()).isTrue();
            greet(early);
            ClientCommand capa = early.readInbound();
            assertThat(capa.text()).isEqualTo("CAPA");
            early.writeOutbound(Reply.of("+OK Capability list follows"));
            ClientCommand quit = early.readInbound();
            assertThat(quit.text()).isEqualTo("QUIT");
            assertThat(early.isOpen()).isTrue();
            early.writeOutbound(Reply.of("+OK Bye"));
            assertThat(early.isOpen()).isFalse();
        } finally {
            early.finishAndReleaseAll();
        }
    }

    @Test
    void commandArrivingWhenAllIsAnsweredShouldGoStraightOn() {
        send("CAPA");
        routed();
        reply(Reply.of("+OK"));
        send("NOOP");
        assertThat(routed()).isEqualTo("NOOP");
    }

    @Test
    void readingShouldPauseAboveTheQueuedLimitAndResumeOnceNoMoreWaits() {
        String big = "X".repeat(LockstepHandler.PAUSE_ABOVE / 2);
        send("CAPA", big, big, "NOOP");
        routed();
        assertThat(ch.config().isAutoRead()).isFalse();
        reply(Reply.of("+OK"));
        assertThat(routed()).isEqualTo(big);
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void tooManyPipelinedCommandsShouldGetTheOverflowReplyAndAClose() {
        send("CAPA");
        routed();
        for (int i = 0; i <= LockstepHandler.MAX_WAITING; i++) {
            send("NOOP");
        }
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat((Object) ch.readOutbound()).isEqualTo(OVERFLOW);
        assertThat(ch.isOpen()).isFalse();
        assertThat(routed()).isNull();
    }

    @Test
    void finWhileCommandsWaitShouldCloseOnlyAfterTheLastAnswer() {
        send("CAPA", "QUIT");
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(routed()).isEqualTo("CAPA");
        reply(Reply.of("+OK Capability list follows"));
        assertThat(ch.isOpen()).isTrue();
        assertThat(routed()).isEqualTo("QUIT");
        reply(Reply.of("+OK Bye"));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void finWithNothingInFlightShouldCloseAtOnce() {
        send("CAPA");
        routed();
        reply(Reply.of("+OK"));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void nothingQueuedShouldRunAfterAClosingReply() {
        send("QUIT", "USER alice", "PASS secret");
        routed();
        reply(Reply.of("+OK Bye").thenClose());
        reply(Reply.of("+OK late"));
        assertThat(routed()).isNull();
        send("CAPA");
        assertThat(routed()).isNull();
    }

    @Test
    void queuedLinesShouldGoToTheRelayAsTheirBytesWhenRemoved() {
        send("USER alice", "PASS secret");
        ch.writeInbound(ClientCommand.tooLong());
        send("STAT");
        routed();
        ch.pipeline().remove(LockstepHandler.class);
        ByteBuf pass = ch.readInbound();
        ByteBuf stat = ch.readInbound();
        assertThat(pass.toString(StandardCharsets.ISO_8859_1)).isEqualTo("PASS secret\r\n");
        assertThat(stat.toString(StandardCharsets.ISO_8859_1)).isEqualTo("STAT\r\n");
        pass.release();
        stat.release();
        assertThat((Object) ch.readInbound()).isNull();
    }
}
