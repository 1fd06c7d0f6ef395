package org.perditioncamel.listener;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.NettyServerBootstrapConfiguration;

/**
 * The usual case: the listener binds host:port itself, with Linux's epoll transport where it is available (NIO
 * elsewhere), and with SO_REUSEPORT when reuse_port is set, so a new process can bind beside the old one during a
 * restart. Our own bootstrap rather than camel-netty's, so a stop can first stop accepting and let sessions drain.
 */
final class BoundSocket implements ChannelSource {
    private static final long WAIT_SECONDS = 10;

    private final String address;
    private final boolean reusePort;
    private final int eventLoops;
    private EventLoopGroup workers;
    private volatile Channel server;

    BoundSocket(String address, boolean reusePort, int eventLoops) {
        this.address = address;
        this.reusePort = reusePort;
        this.eventLoops = eventLoops;
    }

    @Override
    public void start(CamelContext context, NettyServerBootstrapConfiguration configuration,
                      ChannelInitializer<Channel> initializer) throws Exception {
        boolean epoll = Epoll.isAvailable();
        if (reusePort && !epoll) {
            throw new IllegalArgumentException("reuse_port needs Linux's epoll transport, which is not available here ("
                    + Epoll.unavailabilityCause().getMessage() + ")");
        }
        // event_loops (ListenerSettings), not camel-netty's workerCount, whose 0 is Netty's twice the CPUs
        workers = epoll ? new EpollEventLoopGroup(eventLoops, new DefaultThreadFactory("perdition-worker"))
                : new NioEventLoopGroup(eventLoops, new DefaultThreadFactory("perdition-worker"));
        // the listening socket lives on a worker loop, as nginx accepts in its workers: a connection accepted onto
        // that same loop is registered without waking another thread (a boss thread cost two thread switches more
        // per login, docs/benchmark.md)
        ServerBootstrap bootstrap = new ServerBootstrap().group(workers, workers)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, configuration.isReuseAddress())
                // no child options: Netty's sockets start with TCP_NODELAY on, and SO_KEEPALIVE is perdition's
                // tcp_keepalive (ProtocolChannelInitializer), not camel-netty's keepAlive, which defaults to true
                .childHandler(initializer);
        if (configuration.getBacklog() > 0) {
            bootstrap.option(ChannelOption.SO_BACKLOG, configuration.getBacklog());
        }
        if (reusePort) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        if (epoll) {
            // the relay splices only between level-triggered channels, and the mode is fixed once registered
            bootstrap.childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
            // a connection is registered after the batch of epoll events that accepted it (AcceptedAfterBatch)
            bootstrap.handler(AcceptedAfterBatch.INSTANCE);
        }
        ChannelFuture binding = bootstrap.bind(new InetSocketAddress(configuration.getHost(), configuration.getPort()));
        if (!binding.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            binding.channel().close();
            stop();
            throw new IllegalStateException(address + ": not bound within " + WAIT_SECONDS + " s");
        }
        if (!binding.isSuccess()) {
            stop();
            // epoll says "bind(..) failed with error(-98): Address already in use"; the C library's words are enough,
            // and the start-up line quotes the deepest cause, so this one has none
            throw new BindException(String.valueOf(binding.cause().getMessage())
                    .replaceFirst("^bind\\(\\.\\.\\) failed[^:]*: ", ""));
        }
        server = binding.channel();
    }

    @Override
    public void stopAccepting() throws InterruptedException {
        Channel listening = server;
        if (listening != null) {
            listening.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public void stop() throws Exception {
        stopAccepting();
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            workers = null;
        }
    }

    /** Where the socket is bound, once started (port 0 in tests: the port the kernel chose). */
    SocketAddress localAddress() {
        return server.localAddress();
    }

    @Override
    public String describe() {
        return address;
    }
}
