package org.perditioncamel.listener;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.LineDecoder;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.protocol.imap.ImapCommandDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.perditioncamel.session.PipelineNames;

/**
 * STARTTLS on the client side: what the client pipelined after the command in plaintext is dropped from the decoder's
 * cumulation and from the lockstep queue, never run as if it had come over TLS (CVE-2011-0411).
 */
class StartTlsTest {
    private EmbeddedChannel ch;
    private Promise<Channel> handshake;

    /** An SslHandler whose handshake the test completes: "ssl" then stands for TLS that decrypts to what follows. */
    private SslHandler sslHandler(boolean startTls) {
        SSLEngine engine;
        try {
            engine = SSLContext.getDefault().createSSLEngine();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        engine.setUseClientMode(false);
        handshake = new DefaultPromise<>(ch.eventLoop());
        SslHandler ssl = new SslHandler(engine, startTls) {
            @Override
            public Future<Channel> handshakeFuture() {
                return handshake;
            }
        };
        ssl.setHandshakeTimeoutMillis(0);
        return ssl;
    }

    /** The listener's pipeline before login, in ProtocolChannelInitializer's order, without the routes. */
    private void open(ChannelHandler decoder) {
        ch = new EmbeddedChannel();
        ch.pipeline().addLast(PipelineNames.ENCODER, ReplyEncoder.INSTANCE);
        ch.pipeline().addLast(PipelineNames.DECODER, decoder);
        ch.pipeline().addLast(PipelineNames.LOCKSTEP,
                new LockstepHandler(Reply.of("* BYE Too many pipelined commands, mate").thenClose(),
                        new StartTls((alloc, startTls) -> sslHandler(startTls))));
        ch.pipeline().fireChannelRead(ClientCommand.connected());
        reply(Reply.of("greeting"));
        assertThat(routed()).isEqualTo(ClientCommand.connected());
    }

    @AfterEach
    void release() {
        ch.releaseInbound();
        ch.releaseOutbound();
        ch.close();
    }

    private void send(String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    private ClientCommand routed() {
        return ch.readInbound();
    }

    private String routedText() {
        ClientCommand c = routed();
        return c == null ? null : c.text();
    }

    /** What the route answers; returns the bytes that left, as text. */
    private String reply(Reply reply) {
        ch.writeOutbound(reply);
        ch.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    /** The handshake succeeds; the route answers TLS_ESTABLISHED as Dialogue does, unasked. */
    private void handshakeDone() {
        handshake.setSuccess(ch);
        assertThat(routed()).isEqualTo(ClientCommand.tlsEstablished());
        reply(Reply.none().asUnsolicited());
        ch.pipeline().remove(PipelineNames.SSL);
    }

    /**
     * The client sends {@code command} and a login in one packet, the route accepts STARTTLS, and after the
     * handshake the client sends {@code later}: the route gets {@code later} and nothing of the plaintext login.
     */
    private void assertPipelinedLoginDropped(String command, String login, Reply accept, String later) {
        send(command + "\r\n" + login + "\r\n");
        assertThat(routedText()).isEqualTo(command);
        assertThat(routed()).isNull();
        assertThat(reply(accept)).isEqualTo(accept.text());
        assertThat(ch.pipeline().first()).isInstanceOf(SslHandler.class);
        handshakeDone();
        assertThat(routed()).isNull();
        send(later + "\r\n");
        assertThat(routedText()).isEqualTo(later);
        assertThat(routed()).isNull();
    }

    @Test
    void commandsPipelinedAfterStartTlsShouldBeDroppedFromTheDecoder() {
        open(new ImapCommandDecoder(100, false));
        assertPipelinedLoginDropped("a1 STARTTLS", "a2 LOGIN alice secret",
                Reply.of("a1 OK Begin TLS negotiation now").thenStartTls(), "a3 NOOP");
    }

    @Test
    void commandsPipelinedAfterStlsShouldBeDroppedFromThePop3Decoder() {
        open(new LineDecoder(100));
        assertPipelinedLoginDropped("STLS", "USER alice\r\nPASS secret",
                Reply.of("+OK Begin TLS negotiation").thenStartTls(), "CAPA");
    }

    private void stlsAccepted() {
        open(new LineDecoder(100));
        send("STLS\r\n");
        assertThat(routedText()).isEqualTo("STLS");
        reply(Reply.of("+OK Begin TLS negotiation").thenStartTls());
    }

    @Test
    void plaintextSentAfterTheReplyShouldNeverBeDecoded() {
        stlsAccepted();
        assertThatThrownBy(() -> send("USER alice\r\n")).hasRootCauseInstanceOf(NotSslRecordException.class);
        assertThat(routed()).isNull();
    }

    @Test
    void failedHandshakeShouldCloseTheConnection() {
        stlsAccepted();
        handshake.setFailure(new IllegalStateException("no"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(routed()).isNull();
    }
}
