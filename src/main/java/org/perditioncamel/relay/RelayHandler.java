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
 * (autoRead follows the peer's writability), and a FIN is passed on only after the queued bytes are written.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final AtomicLong counter;

    /**
     * @param counter bytes read on this side: perdition's "received" for the client side, "sent" for the backend side
     */
    public RelayHandler(Channel peer, AtomicLong counter) {
        this.peer = peer;
        this.counter = counter;
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
            halfClose(ctx.channel(), peer);
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
