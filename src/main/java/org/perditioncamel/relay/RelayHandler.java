package org.perditioncamel.relay;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One direction of the splice: bytes read on this channel are written to the peer, flushed once per read batch.
 * Both channels share one event loop, so there is no locking. Reading pauses while the peer cannot take more
 * (autoRead follows the peer's writability). The client's FIN is passed on only after the queued bytes are written;
 * the backend's FIN ends the session once its bytes are delivered to the client.
 *
 * <p>Between two plaintext epoll channels ({@link #spliceable}), a read batch of at least {@link #SPLICE_THRESHOLD}
 * bytes (a FETCH or RETR of a large message, an APPEND) hands this direction to splice(2) for the next
 * {@link #SPLICE_CHUNK} bytes: the kernel moves them through a pipe from socket to socket, never into the JVM, and the
 * relay goes back to copying when the chunk is done. Commands and short replies (NOOP, IDLE) never splice, so an
 * idle session holds no pipe. Netty's splice pauses reading while the peer cannot take a chunk; its bytes are
 * counted by {@link org.perditioncamel.session.SpliceCounter}.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {
    /** The most a backend is given to take what is queued for it once the client is gone. */
    static final long BACKEND_DRAIN_SECONDS = 30;
    /** Bytes in one read batch that start a splice: more than any command or status reply. */
    static final int SPLICE_THRESHOLD = 32 * 1024;
    /** Bytes one splice moves before the relay copies again (finite, so a finished transfer returns to copying). */
    static final int SPLICE_CHUNK = 256 * 1024 * 1024;
    private static final int DRAIN_BUFFER = 64 * 1024;

    private final Channel peer;
    private final AtomicLong counter;
    private final boolean finEndsSession;
    private boolean spliceable;
    private boolean splicing;
    private boolean spliced;
    private int batchBytes;

    /**
     * @param counter        bytes read on this side: perdition's "received" for the client side, "sent" for the backend side
     * @param finEndsSession this is the backend side: its FIN closes both channels (see {@link #endSession})
     */
    public RelayHandler(Channel peer, AtomicLong counter, boolean finEndsSession) {
        this.peer = peer;
        this.counter = counter;
        this.finEndsSession = finEndsSession;
    }

    /** Both channels are plaintext epoll channels of one event loop, with counting allocators: big reads may splice. */
    void spliceable() {
        spliceable = true;
    }

    /** Whether this direction has spliced at least once (for tests). */
    boolean spliced() {
        return spliced;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int bytes = ((ByteBuf) msg).readableBytes();
        counter.addAndGet(bytes);
        batchBytes += bytes;
        if (peer.isActive()) {
            peer.write(msg, peer.voidPromise());
        } else {
            ReferenceCountUtil.release(msg);
            // the peer is gone: nobody will ever read this side's bytes, but what the peer said last goes out first
            flushThenClose(ctx.channel(), finEndsSession);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        if (spliceable && !splicing && batchBytes >= SPLICE_THRESHOLD && peer.isActive()) {
            startSplice(ctx);
        }
        batchBytes = 0;
        // this side's reads continue only while the peer keeps up
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void startSplice(ChannelHandlerContext ctx) {
        splicing = true;
        spliced = true;
        // the drain after the FIN needs the input half-open (Splice.join closes the backend at its FIN otherwise)
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ((AbstractEpollStreamChannel) ctx.channel()).spliceTo((AbstractEpollStreamChannel) peer, SPLICE_CHUNK)
                .addListener(f -> {
                    splicing = false;
                    if (!f.isSuccess()) {
                        // a reset or the peer gone: as a failed read or write of the copy relay, this side closes,
                        // after what is queued for it
                        flushThenClose(ctx.channel(), finEndsSession);
                    }
                });
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
            if (spliced) {
                drain(ctx.channel());
            }
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
     * Netty's splice shuts the input down as soon as the FIN is seen (EPOLLRDHUP), after one pipe's worth, even with
     * bytes still in the socket; a FIN follows the last byte, so what remains is read here up to the end, without
     * waiting, and queued for the peer behind what the splice already queued. Bounded by the socket's receive buffer.
     */
    private void drain(Channel ch) {
        FileDescriptor fd = ((EpollSocketChannel) ch).fd();
        for (;;) {
            ByteBuf buf = ch.alloc().directBuffer(DRAIN_BUFFER);
            int n;
            try {
                n = buf.hasMemoryAddress() ? fd.readAddress(buf.memoryAddress(), 0, DRAIN_BUFFER)
                        : fd.read(buf.internalNioBuffer(0, DRAIN_BUFFER), 0, DRAIN_BUFFER);
            } catch (IOException e) {
                n = -1;   // a reset after the FIN: nothing more to pass on
            }
            if (n <= 0 || !peer.isActive()) {
                buf.release();
                return;
            }
            buf.writerIndex(n);
            counter.addAndGet(n);
            peer.write(buf, peer.voidPromise());
        }
    }

    /**
     * This side sent FIN: pass it on once everything it sent is on the wire; close when both sides are done. On a TLS
     * connection the FIN is preceded by close_notify (RFC 8446 §6.1): shutdownOutput goes round the SslHandler.
     */
    static void halfClose(Channel from, Channel to) {
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (!(to instanceof DuplexChannel duplexPeer) || !to.isActive()) {
                flushThenClose(from, false);   // what the peer said last still reaches this side's remote end
                return;
            }
            SslHandler tls = to.pipeline().get(SslHandler.class);
            if (tls != null) {
                tls.closeOutbound().addListener(n -> duplexPeer.shutdownOutput().addListener(s -> closeIfBothShut(from, to)));
            } else if (shutdownOutputQuietly(to)) {
                closeIfBothShut(from, to);
            } else {
                duplexPeer.shutdownOutput().addListener(s -> closeIfBothShut(from, to));
            }
        });
    }

    /**
     * Netty's shutdownOutput makes a ChannelOutputShutdownException, stack trace and all, for the writes it might have
     * to fail, even when there are none: in a login storm 41 % of sessions ended with the client's FIN first, and
     * filling in those stack traces was 1.3 % of the proxy's CPU. After the empty write above nothing is queued, so a
     * plaintext epoll socket is shut down directly; its state (isOutputShutdown) is the socket's own, and a write after
     * it fails as any write to a shut socket does.
     *
     * @return false when it was not done: Netty's way, then
     */
    private static boolean shutdownOutputQuietly(Channel ch) {
        ChannelOutboundBuffer queued = ch.unsafe().outboundBuffer();
        if (!(ch instanceof AbstractEpollStreamChannel epoll) || queued == null || !queued.isEmpty()
                || !(epoll.fd() instanceof Socket socket)) {
            return false;
        }
        try {
            socket.shutdown(false, true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The backend sent FIN (POP3 QUIT, IMAP LOGOUT, a crash): once what is queued for the client is written, both
     * channels close, as perdition does. A client waiting for the server's close gets it now, and the Closing line
     * is logged now, not when the client gets round to closing. On TLS the client's close sends close_notify first.
     */
    static void endSession(Channel backend, Channel client) {
        if (!client.isOpen()) {
            closeIfOpen(backend);
            return;
        }
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            closeIfOpen(client);
            closeIfOpen(backend);
        });
    }

    /**
     * Closes once what is queued for the channel is written (a close alone would drop it). The client has its idle
     * timeout for a slow read; a backend that takes nothing more once the client is gone is closed after
     * {@link #BACKEND_DRAIN_SECONDS}, so it never holds its connection for ever.
     */
    private static void flushThenClose(Channel channel, boolean backend) {
        if (!channel.isOpen()) {
            return;
        }
        ChannelFuture flushed = channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        if (backend && !flushed.isDone()) {
            ScheduledFuture<?> bound = channel.eventLoop().schedule(() -> {
                channel.close();
            }, BACKEND_DRAIN_SECONDS, TimeUnit.SECONDS);
            channel.closeFuture().addListener(f -> bound.cancel(false));
        }
    }

    /** A close of a closed channel fails its promise with an exception: per session end, two of them for nothing. */
    private static void closeIfOpen(Channel channel) {
        if (channel.isOpen()) {
            channel.close();
        }
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
        // the peer is usually closed already (endSession closes both): a write to it would only fail and close again
        flushThenClose(peer, !finEndsSession);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset on either side ends the session; the peer gets what was already queued, then the close
        ctx.close();
    }
}
