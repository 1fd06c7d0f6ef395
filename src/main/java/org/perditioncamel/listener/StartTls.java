package org.perditioncamel.listener;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.DiscardableDecoder;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.Security;
import org.perditioncamel.session.PipelineNames;

/**
 * Starts TLS on a client connection with the STARTTLS/STLS reply. Whatever the client sent after the command in
 * plaintext is dropped, not run after the handshake (CVE-2011-0411; USENIX Security 2021, "Why TLS is better
 * without STARTTLS"): the SslHandler goes in before the reply is written (which it lets through in plaintext), so
 * from then on every byte read must be TLS, however long the reply takes to flush.
 */
final class StartTls {
    private final ClientTls tls;

    StartTls(ClientTls tls) {
        this.tls = tls;
    }

    /** Runs on the event loop, before the reply is written. {@code afterHandshake} runs once TLS is up. */
    void begin(ChannelHandlerContext ctx, Runnable afterHandshake) {
        ChannelHandler decoder = ctx.pipeline().get(PipelineNames.DECODER);
        if (decoder instanceof DiscardableDecoder) {
            ((DiscardableDecoder) decoder).discardBuffered();
        }
        SslHandler ssl = tls.newHandler(ctx.alloc(), true);
        ctx.pipeline().addFirst(PipelineNames.SSL, ssl);
        ssl.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            ProxySession session = ProxySession.of(ctx.channel());
            if (session != null) {
                session.clientSecure(Security.STARTTLS);
            }
            afterHandshake.run();
        });
    }

    static ClientCommand established() {
        return ClientCommand.tlsEstablished();
    }
}
