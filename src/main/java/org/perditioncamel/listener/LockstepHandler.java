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

/**
 * One client command in flight: later frames wait until the reply to the current one is written, so pipelined
 * commands are answered in order even though routes run asynchronously (James's ImapLinerarizer idea). It also
 * keeps a half-closed client's answers: the close happens after the last queued command has been answered.
 */
public final class LockstepHandler extends ChannelDuplexHandler {
    /** More pipelined pre-login commands than this is abuse, not a mail client. */
    static final int MAX_WAITING = 256;
    /** Queued bytes beyond which reading pauses until the queue drains (8 KiB lines x 256 would be 2 MiB). */
    static final int PAUSE_ABOVE = 64 * 1024;

    private final ArrayDeque<ClientCommand> waiting = new ArrayDeque<>();
    private boolean inFlight;
    private boolean inputShutdown;
    private int queuedBytes;
    private boolean paused;
    private final Reply overflowReply;
    private final StartTls startTls;

    public LockstepHandler(Reply overflowReply) {
        this(overflowReply, null);
    }

    /** @param startTls null when the listener offers no STARTTLS */
    LockstepHandler(Reply overflowReply, StartTls startTls) {
        this.overflowReply = overflowReply;
        this.startTls = startTls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ClientCommand)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!inFlight) {
            dispatch(ctx, (ClientCommand) msg);
        } else if (waiting.size() < MAX_WAITING) {
            ClientCommand command = (ClientCommand) msg;
            waiting.add(command);
            queuedBytes += command.size();
            if (queuedBytes > PAUSE_ABOVE && !paused) {
                paused = true;
                ctx.channel().config().setAutoRead(false);
            }
        } else {
            waiting.clear();
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(overflowReply).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Reply && ((Reply) msg).startTls() && startTls != null) {
            // pipelined plaintext after STARTTLS is never answered: drop it; TLS is in place before the reply leaves
            waiting.clear();
            startTls.begin(ctx, () -> dispatch(ctx, StartTls.established()));
            inFlight = false;
            ctx.writeAndFlush(msg, promise);
            return;
        }
        ctx.write(msg, promise);
        if (msg instanceof Reply && ((Reply) msg).close()) {
            // QUIT, LOGOUT, an error close: nothing after it is run (no login after LOGOUT, no Auth after Close)
            waiting.clear();
            inFlight = true;
            return;
        }
        if (msg instanceof Reply) {
            inFlight = false;
            ClientCommand next = waiting.poll();
            if (next != null) {
                dispatch(ctx, next);
            } else if (inputShutdown) {
                ctx.flush();
                promise.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            // The client sent its last bytes (e.g. "QUIT" then FIN): answer what it sent, then close.
            inputShutdown = true;
            if (!inFlight && waiting.isEmpty()) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void dispatch(ChannelHandlerContext ctx, ClientCommand command) {
        inFlight = true;
        if (waiting.isEmpty()) {
            queuedBytes = 0;
            if (paused) {
                paused = false;
                ctx.channel().config().setAutoRead(true);
            }
        } else {
            queuedBytes = Math.max(0, queuedBytes - command.size());
        }
        ctx.fireChannelRead(command);
    }

    /**
     * At splice time the commands the client pipelined after its login go on to the relay as their original bytes,
     * in order, instead of being dropped as perdition 2.2 does (reference §14 row 3).
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ClientCommand c;
        while ((c = waiting.poll()) != null) {
            if (c.getKind() == ClientCommand.Kind.LINE) {
                ByteBuf raw = Unpooled.wrappedBuffer(c.raw());
                ctx.fireChannelRead(raw);
            }
        }
        ctx.fireChannelReadComplete();
    }

    /** True once the client shut down its side; the relay takes this over at splice time. */
    boolean inputShutdown() {
        return inputShutdown;
    }
}
