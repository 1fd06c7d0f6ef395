package org.perditioncamel.policy;

import java.util.ArrayDeque;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * One policy request in flight per connection, as Postfix sends them (a request, then it waits for the answer).
 * A client that sends more without reading the answers is paced to that: what one read framed waits here and the
 * connection is not read again until it is answered and the client takes the answers. Without it, a stream of
 * empty requests from one connection queued tasks and unread answers without bound and held the Camel thread its
 * connection is bound to, which other Postfix connections share.
 */
final class PolicyPacing extends ChannelDuplexHandler {
    private final ArrayDeque<PolicyRequest> waiting = new ArrayDeque<>();
    private boolean inFlight;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof PolicyRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (inFlight) {
            waiting.add(request);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        inFlight = true;
        ctx.fireChannelRead(request);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        if (msg instanceof PolicyAnswer && inFlight) {
            inFlight = false;
            // the next request in a task of its own: not nested in the write of this answer
            ctx.executor().execute(() -> next(ctx));
        }
    }

    private void next(ChannelHandlerContext ctx) {
        if (ctx.isRemoved() || inFlight) {
            return;
        }
        PolicyRequest queued = waiting.poll();
        if (queued != null) {
            inFlight = true;
            ctx.fireChannelRead(queued);
            return;
        }
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);   // the client does not take its answers: ask for no more
        } else if (!inFlight && waiting.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Requests waiting behind the one in flight, for tests. */
    int waiting() {
        return waiting.size();
    }
}
