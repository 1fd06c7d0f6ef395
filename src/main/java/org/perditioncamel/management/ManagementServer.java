package org.perditioncamel.management;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.apache.camel.support.service.ServiceSupport;
import org.perditioncamel.config.StartupFailure;

/**
 * The management port: a small HTTP/1.1 listener on its own single Netty thread, so a slow scraper never shares an
 * event loop with mail sessions, and a scrape (CPU only: counters and gauges in memory) never waits on I/O.
 */
final class ManagementServer extends ServiceSupport {
    private static final int MAX_REQUEST_BYTES = 8192;
    private static final int IDLE_SECONDS = 30;

    private final ManagementSettings settings;
    private final ManagementHandler handler;
    private EventLoopGroup group;
    private Channel channel;

    ManagementServer(ManagementSettings settings, ManagementHandler handler) {
        this.settings = settings;
        this.handler = handler;
    }

    @Override
    protected void doStart() {
        group = new NioEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "perdition-management");
            t.setDaemon(true);
            return t;
        });
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS), new HttpServerCodec(),
                                new HttpObjectAggregator(MAX_REQUEST_BYTES), handler);
                    }
                });
        ChannelFuture bound = bootstrap.bind(new InetSocketAddress(settings.bindAddress(), settings.port()));
        if (!bound.awaitUninterruptibly(10, TimeUnit.SECONDS) || !bound.isSuccess()) {
            Throwable cause = bound.cause();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            group = null;
            throw new StartupFailure("cannot listen on " + describe() + " (management_port): "
                    + (cause == null ? "timed out" : cause.getMessage()), cause);
        }
        channel = bound.channel();
    }

    @Override
    protected void doStop() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            channel = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            group = null;
        }
    }

    String describe() {
        return settings.bindAddress() + ":" + settings.port();
    }
}
