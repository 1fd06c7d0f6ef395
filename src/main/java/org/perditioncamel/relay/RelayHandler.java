package org.perditioncamel.relay;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * One direction of the splice: bytes read on this channel are written to the peer, flushed once per read batch.
 * Both channels share one event loop, so there is no locking. Reading pauses while the peer cannot take more
 * (autoRead follows the peer's writability). The client's FIN is passed on only after the queued bytes are written;
 * the backend's FIN ends the session once its bytes are delivered to the client.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final AtomicLong counter;
    private final boolean finEndsSession;

    /**
     * @param counter        bytes read on this side: perdition's "received" for the client side, "sent" for the backend side
     * @param finEndsSession this is the backend side: its FIN closes both channels (see {@link #endSession})
     */
    public RelayHandler(Channel peer, AtomicLong counter, boolean finEndsSession) {
        this.peer = peer;
        this.counter = counter;
        this.finEndsSession = finEndsSession;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        counter.addAndGet(((ByteBuf) msg).readableBytes());
        if (peer.isActive()) {
            peer.write(msg, peer.voidPromise());
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close();   // the peer is gone: nobody will ever read this side's bytes
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        // this side's reads continue only while the peer keeps up
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // our outbound queue is full or drained: pause or resume the side that feeds it
        peer.config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            if (finEndsSession) {
                endSession(ctx.channel(), peer);
            } else {
                halfClose(ctx.channel(), peer);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * This side sent FIN: pass it on once everything it sent is on the wire; close when both sides are done. On a TLS
     * connection the FIN is preceded by close_notify (RFC 8446 §6.1): shutdownOutput goes round the SslHandler.
     */
    static void halfClose(Channel from, Channel to) {
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (!(to instanceof DuplexChannel duplexPeer) || !to.isActive()) {
                from.close();
                return;
            }
            SslHandler tls = to.pipeline().get(SslHandler.class);
            if (tls != null) {
                tls.closeOutbound().addListener(n -> duplexPeer.shutdownOutput().addListener(s -> closeIfBothShut(from, to)));
            } else {
                duplexPeer.shutdownOutput().addListener(s -> closeIfBothShut(from, to));
            }
        });
    }

    /**
     * The backend sent FIN (POP3 QUIT, IMAP LOGOUT, a crash): once what is queued for the client is written, both
     * channels close, as perdition does. A client waiting for the server's close gets it now, and the Closing line
     * is logged now, not when the client gets round to closing. On TLS the client's close sends close_notify first.
     */
    static void endSession(Channel backend, Channel client) {
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            client.close();
            backend.close();
        });
    }

    private static void closeIfBothShut(Channel a, Channel b) {
        if (a instanceof DuplexChannel da && b instanceof DuplexChannel db) {
            if (da.isInputShutdown() && db.isInputShutdown()) {
                a.close();
                b.close();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset on either side ends the session; the peer gets what was already queued, then the close
        ctx.close();
    }
}
