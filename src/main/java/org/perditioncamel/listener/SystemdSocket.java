package org.perditioncamel.listener;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.NettyServerBootstrapConfiguration;

/**
 * A listening socket systemd passed (socket activation, LISTEN_FDS): Java cannot open a file descriptor by number,
 * so Netty's native epoll transport wraps it. It is already bound and listening: registering it is enough.
 */
final class SystemdSocket implements ChannelSource {
    private final EpollServerSocketChannel channel;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private int eventLoops = 1;

    SystemdSocket(EpollServerSocketChannel channel) {
        this.channel = channel;
    }

    /** event_loops (ListenerSettings): the worker loops of this listener. */
    SystemdSocket eventLoops(int count) {
        this.eventLoops = count;
        return this;
    }

    InetSocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public void start(CamelContext context, NettyServerBootstrapConfiguration configuration,
                      ChannelInitializer<Channel> initializer) throws Exception {
        boss = new EpollEventLoopGroup(1, new DefaultThreadFactory("perdition-systemd-boss"));
        workers = new EpollEventLoopGroup(eventLoops, new DefaultThreadFactory("perdition-systemd-worker"));
        Registration.await(new ServerBootstrap().group(boss, workers)
                .channelFactory(() -> channel)
                // as BoundSocket: TCP_NODELAY is Netty's default, SO_KEEPALIVE is tcp_keepalive's
                .childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)   // as BoundSocket: the relay's splice
                .childHandler(initializer)
                .register(), describe());
    }

    @Override
    public void stopAccepting() throws Exception {
        // our descriptor only: systemd keeps its own and queues connections for the next start
        channel.close().await(5, TimeUnit.SECONDS);
    }

    @Override
    public void stop() throws Exception {
        stopAccepting();
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String describe() {
        return "systemd socket " + channel.localAddress();
    }
}
