package org.perditioncamel.listener;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.DiscardableDecoder;
import org.perditioncamel.session.ProxySession;

/**
 * Starts TLS on a client connection after the STARTTLS/STLS reply is on the wire. Whatever the client sent after
 * the command in plaintext is dropped, not run after the handshake (CVE-2011-0411; USENIX Security 2021,
 * "Why TLS is better without STARTTLS"), and reading pauses from the command to the handshake.
 */
final class StartTls {
    private final ClientTls tls;

    StartTls(ClientTls tls) {
        this.tls = tls;
    }

    /** Runs on the event loop, before the reply is written: no more plaintext is read from here on. */
    void prepare(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        ChannelHandler decoder = ctx.pipeline().get(ProtocolChannelInitializer.DECODER);
        if (decoder instanceof DiscardableDecoder) {
            ((DiscardableDecoder) decoder).discardBuffered();
        }
    }

    /** Runs once the reply was flushed: the handshake, then a TLS_ESTABLISHED command for the dialect. */
    void begin(ChannelHandlerContext ctx, Runnable afterHandshake) {
        ChannelHandler decoder = ctx.pipeline().get(ProtocolChannelInitializer.DECODER);
        if (decoder instanceof DiscardableDecoder) {
            ((DiscardableDecoder) decoder).discardBuffered();
        }
        SslHandler ssl = tls.newHandler(ctx.alloc());
        ctx.pipeline().addFirst("ssl", ssl);
        ssl.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            ProxySession session = ProxySession.of(ctx.channel());
            if (session != null) {
                session.clientSecure("starttls");
            }
            afterHandshake.run();
        });
        ctx.channel().config().setAutoRead(true);
    }

    static ClientCommand established() {
        return ClientCommand.tlsEstablished();
    }
}
