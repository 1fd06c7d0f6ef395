package org.perditioncamel.listener;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.NettyServerBootstrapConfiguration;

/**
 * inetd_mode: the one connection inetd (or systemd with Accept=yes) handed over on standard input. When it closes,
 * sessionEnded runs, after the session's Close has been reported (the close listeners run first).
 */
final class InetdConnection implements ChannelSource {
    private final Runnable sessionEnded;
    private EventLoopGroup group;

    InetdConnection(Runnable sessionEnded) {
        this.sessionEnded = sessionEnded;
    }

    @Override
    public void start(CamelContext context, NettyServerBootstrapConfiguration configuration,
                      ChannelInitializer<Channel> initializer) throws Exception {
        SocketChannel socket = inheritedSocket();
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("perdition-inetd"));
        NioSocketChannel channel = new NioSocketChannel(socket);
        channel.pipeline().addLast(initializer);
        // registering a connected channel fires channelActive, which greets the client
        Registration.await(group.register(channel), describe());
        channel.closeFuture().addListener(f -> channel.eventLoop().execute(sessionEnded));
    }

    private static SocketChannel inheritedSocket() throws IOException {
        java.nio.channels.Channel inherited = System.inheritedChannel();
        if (inherited instanceof SocketChannel socket && socket.isConnected()) {
            return socket;
        }
        throw new IllegalArgumentException("inetd_mode: standard input is not a connected TCP socket");
    }

    @Override
    public void stop() throws Exception {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String describe() {
        return "inetd connection";
    }
}
