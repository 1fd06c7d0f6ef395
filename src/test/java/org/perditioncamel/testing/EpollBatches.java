package org.perditioncamel.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds one batch of epoll events in a chosen order on a one-thread epoll loop: a listening socket whose connections
 * are known by their client's port, and a "Y" from a client that runs a step on the loop, in the middle of the batch.
 */
public final class EpollBatches {
    private final Map<Integer, Channel> accepted = new ConcurrentHashMap<>();
    private final EventLoopGroup loop;
    private final Channel server;

    /**
     * @param listening handler in front of Netty's acceptor on the listening socket, or null
     * @param onTrigger runs on the loop when a client sends "Y" (its channel's context)
     */
    public EpollBatches(EventLoopGroup loop, ChannelHandler listening, Consumer<ChannelHandlerContext> onTrigger)
            throws InterruptedException {
        this.loop = loop;
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop, loop).channel(EpollServerSocketChannel.class)
                .childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)   // as the listeners have it
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                accepted.put(((InetSocketAddress) ctx.channel().remoteAddress()).getPort(), ctx.channel());
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                boolean trigger = ((ByteBuf) msg).getByte(0) == 'Y';
                                ReferenceCountUtil.release(msg);
                                if (trigger) {
                                    onTrigger.accept(ctx);
                                }
                            }
                        });
                    }
                });
        if (listening != null) {
            bootstrap.handler(listening);
        }
        server = bootstrap.bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The server side of a client's connection, once accepted. */
    public Channel accepted(Socket client) throws InterruptedException {
        Channel channel;
        while ((channel = accepted.get(client.getLocalPort())) == null) {
            Thread.sleep(1);
        }
        return channel;
    }

    /** Keeps the loop busy for a while from now: what arrives meanwhile comes in its next batch, in arrival order. */
    public void hold(long millis) throws Exception {
        CompletableFuture<Void> held = new CompletableFuture<>();
        loop.execute(() -> {
            held.complete(null);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.get(5, TimeUnit.SECONDS);
    }

    public void close() throws InterruptedException {
        server.close().sync();
    }
}
