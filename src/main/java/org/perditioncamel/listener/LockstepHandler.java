package org.perditioncamel.listener;

import java.util.ArrayDeque;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.protocol.ReplyPacing;

/**
 * One client command in flight ({@link ReplyPacing}): later frames wait until the reply to the current one is written,
 * so pipelined commands are answered in order even though routes run asynchronously (James's ImapLinerarizer idea).
 * Every reply answers here, the unsolicited one after a TLS handshake included: it answers TLS_ESTABLISHED, which this
 * handler passes on itself. A half-closed client gets its answers: the close happens after the last queued command has
 * been answered. The decoders in front frame one command per answer (ReplyPacedDecoder), so this queue stays empty
 * unless a decoder passes on more than one command at a time; its bound stays as a second line of defence.
 */
public final class LockstepHandler extends ChannelDuplexHandler {
    /** More pipelined pre-login commands than this is abuse, not a mail client. */
    static final int MAX_WAITING = 256;
    /** Queued bytes beyond which reading pauses (8 KiB lines x 256 would be 2 MiB). */
    static final int PAUSE_ABOVE = 64 * 1024;

    private final ArrayDeque<ClientCommand> waiting = new ArrayDeque<>();
    private int queuedBytes;
    private final ReplyPacing pacing = new ReplyPacing(PAUSE_ABOVE);
    private final Reply overflowReply;
    private final StartTls startTls;

    public LockstepHandler(Reply overflowReply) {
        this(overflowReply, null);
    }

    /** @param startTls null when the listener offers no STARTTLS */
    LockstepHandler(Reply overflowReply, StartTls startTls) {
        this.overflowReply = overflowReply;
        this.startTls = startTls;
        // The greeting is owed from the start, as the answer to CONNECTED: what a client sends before it waits, and
        // so does its FIN. It can come late: the first connection to a local address waits for its reverse DNS name.
        pacing.sent();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ClientCommand command)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (command.getKind() == ClientCommand.Kind.CONNECTED) {
            ctx.fireChannelRead(command);   // in flight since the start: the greeting answers it
            return;
        }
        if (!pacing.inFlight()) {
            dispatch(ctx, command);
        } else if (waiting.size() < MAX_WAITING) {
            waiting.add(command);
            queuedBytes += command.size();
            pacing.backlog(ctx, queuedBytes);
        } else {
            dropWaiting();
            pacing.closing();
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(overflowReply).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Reply reply && reply.startTls() && startTls != null) {
            // pipelined plaintext after STARTTLS is never answered: drop it; TLS is in place before the reply leaves
            dropWaiting();
            pacing.answered(reply);
            restartIdle(ctx);
            startTls.begin(ctx, () -> dispatch(ctx, StartTls.established()));
            pacing.backlog(ctx, queuedBytes);
            ctx.writeAndFlush(msg, promise);
            return;
        }
        ctx.write(msg, promise);
        if (!(msg instanceof Reply reply)) {
            return;
        }
        if (!pacing.answered(reply)) {
            // a closing reply: nothing after it runs
            dropWaiting();
            return;
        }
        restartIdle(ctx);
        if (!waiting.isEmpty()) {
            // The route runs on this event loop and writes its reply from inside the previous command's dispatch:
            // the next command goes in a task of its own, so 256 pipelined commands are not 256 nested routes. It
            // counts as in flight already, so a command read meanwhile queues behind it.
            pacing.sent();
            ctx.executor().execute(() -> dispatchWaiting(ctx));
        } else if (pacing.inputShutdownDue()) {
            ctx.flush();
            promise.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        pacing.writabilityChanged(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            // The client sent its last bytes (e.g. "QUIT" then FIN): answer what it sent, then close.
            if (!pacing.holdInputShutdown(evt)) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** A command is being answered: the client waits for us, so authenticate_timeout does not run (ClientConnectedHandler). */
    boolean awaitingAnswer() {
        return pacing.inFlight();
    }

    /** authenticate_timeout counts from the answer, as perdition's read after its reply does, not from the command. */
    private static void restartIdle(ChannelHandlerContext ctx) {
        ClientConnectedHandler connected = ctx.pipeline().get(ClientConnectedHandler.class);
        if (connected != null) {
            connected.restartAuthenticateTimeout();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, ClientCommand command) {
        pacing.sent();
        pacing.backlog(ctx, queuedBytes);
        ctx.fireChannelRead(command);
    }

    private void dispatchWaiting(ChannelHandlerContext ctx) {
        if (ctx.isRemoved()) {
            return;   // the splice took the queue: handlerRemoved passed it on as bytes
        }
        ClientCommand next = waiting.poll();
        if (next == null) {
            return;   // a closing reply dropped the queue
        }
        queuedBytes -= next.size();
        dispatch(ctx, next);
    }

    private void dropWaiting() {
        waiting.clear();
        queuedBytes = 0;
    }

    /**
     * At splice time the commands the client pipelined after its login go on to the relay as their original bytes,
     * in order, instead of being dropped as perdition 2.2 does (reference §14 row 3).
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        pacing.stop(ctx);
        ClientCommand c;
        while ((c = waiting.poll()) != null) {
            if (c.getKind() == ClientCommand.Kind.LINE) {
                ByteBuf raw = Unpooled.wrappedBuffer(c.raw());
                ctx.fireChannelRead(raw);
            }
        }
        ctx.fireChannelReadComplete();
    }
}
