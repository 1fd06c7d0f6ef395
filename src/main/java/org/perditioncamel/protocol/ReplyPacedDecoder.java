package org.perditioncamel.protocol;

import java.net.SocketAddress;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * A client decoder paced by {@link ReplyPacing}: it frames one command, then frames nothing more until a reply to it
 * passes outbound, so IMAP and ManageSieve literals are never read ahead. Bytes the client pipelined stay raw in the
 * cumulation, so after a successful login they reach the backend untouched when Splice removes this handler, and
 * the continuations and limits meant for pre-login commands never apply to what is meant for the backend.
 *
 * <p>Replies marked unsolicited answer nothing here. An answer takes effect in a later event-loop task, because
 * Splice writes the login's success reply and removes this handler in the same one. Subclasses frame; every
 * outbound operation but {@code write} passes straight through.
 */
public abstract class ReplyPacedDecoder extends ByteToMessageDecoder implements ChannelOutboundHandler, DiscardableDecoder {
    private final ReplyPacing pacing;
    /** The reply whose answer is about to take effect; null when none is scheduled. */
    private Reply answer;

    /**
     * @param pauseAbove      bytes waiting behind the command in flight beyond which reading pauses
     * @param waitForGreeting nothing is framed before the first reply, the greeting, which answers
     *                        ClientConnectedHandler's CONNECTED
     */
    protected ReplyPacedDecoder(int pauseAbove, boolean waitForGreeting) {
        pacing = new ReplyPacing(pauseAbove);
        if (waitForGreeting) {
            pacing.sent();
        }
    }

    /** Skips what has arrived of a refused command's rest. @return true once nothing of it is left */
    protected abstract boolean skipRefused(ByteBuf in);

    /** Frames at most one command into {@code out}; what it emits is the command in flight. */
    protected abstract void frame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out);

    /** Forgets the framing state; the buffered bytes are dropped by {@link #discardBuffered()}. */
    protected abstract void discardFraming();

    /** The answer to the command in flight takes effect; framing resumes right after. */
    protected void answered(Reply reply) {
    }

    /** STARTTLS: what the client sent after the command in plaintext is dropped, with any framing state. */
    @Override
    public final void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
        discardFraming();
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // a refused command's rest is skipped even while its answer is pending: memory stays small under a flood
        if (!skipRefused(in) || pacing.inFlight()) {
            return;
        }
        frame(ctx, in, out);
        if (!out.isEmpty()) {
            pacing.sent();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        if (!ctx.isRemoved()) {
            pacing.backlog(ctx, actualReadableBytes());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        pacing.writabilityChanged(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (pacing.paused()) {
            // the base class would ask for another read when nothing was decoded and autoRead is off
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    /** The base class decodes what it can and drops the rest at the FIN; commands behind the one in flight come first. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!pacing.holdInputShutdown(evt)) {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        if (msg instanceof Reply reply && !reply.unsolicited() && pacing.inFlight() && answer == null) {
            answer = reply;
            ctx.executor().execute(() -> takeAnswer(ctx));
        }
    }

    private void takeAnswer(ChannelHandlerContext ctx) {
        Reply reply = answer;
        answer = null;
        if (ctx.isRemoved() || !pacing.answered(reply)) {
            return;
        }
        answered(reply);
        try {
            channelRead(ctx, Unpooled.EMPTY_BUFFER);
            channelReadComplete(ctx);
            if (!ctx.isRemoved() && pacing.inputShutdownDue()) {
                super.userEventTriggered(ctx, ChannelInputShutdownEvent.INSTANCE);
            }
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        pacing.stop(ctx);
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
                        ChannelPromise promise) {
        ctx.connect(remoteAddress, localAddress, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.close(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
    }
}
