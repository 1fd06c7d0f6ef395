package org.perditioncamel.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * On a listening epoll socket, in front of Netty's acceptor: each accepted connection is registered as a task of the
 * loop, after the batch of epoll events its accept was part of, never inline.
 * <p>
 * Why: the listening socket lives on a worker loop (no boss thread), so its accepted connections land on its own loop
 * too. A session closed earlier in the same batch frees a descriptor the accepted socket then gets, and Netty 4.1
 * hands the closed session's remaining events of the batch to whichever channel is registered under that descriptor
 * by then. Registered inline, the new client would take the old one's EPOLLRDHUP; Netty then believes it half-closed
 * and reads it again in a task after every read: a loop that never sleeps for as long as that session lasts.
 */
@ChannelHandler.Sharable
final class AcceptedAfterBatch extends ChannelInboundHandlerAdapter {
    static final AcceptedAfterBatch INSTANCE = new AcceptedAfterBatch();

    private AcceptedAfterBatch() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel accepted = (Channel) msg;
        ctx.channel().eventLoop().execute(() -> {
            if (ctx.channel().isOpen()) {
                ctx.fireChannelRead(accepted);   // to Netty's acceptor: options, the child handler, registration
            } else {
                accepted.unsafe().closeForcibly();   // stopped accepting meanwhile: never registered, nothing to tell
            }
        });
    }
}
