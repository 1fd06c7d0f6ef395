package org.perditioncamel.tls;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

/** A TLS echo server and clients over loopback TCP with Netty, to run real handshakes in tests. */
final class TlsLoopback implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
    private final List<Channel> serverChannels = new ArrayList<>();

    /** One end of a TLS connection: its handshake outcome and the text it received. */
    static final class Connection {
        final Channel channel;
        final SslHandler ssl;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        Connection(Channel channel, SslHandler ssl) {
            this.channel = channel;
            this.ssl = ssl;
        }

        /** Waits for the handshake; true if it succeeded. */
        boolean handshake() {
            Future<Channel> future = ssl.handshakeFuture();
            future.awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return future.isDone() && future.isSuccess();
        }

        Throwable failure() {
            handshake();
            return ssl.handshakeFuture().cause();
        }

        SSLSession session() {
            return ssl.engine().getSession();
        }

        String protocol() {
            return session().getProtocol();
        }

        String cipherSuite() {
            return session().getCipherSuite();
        }

        X509Certificate peerCertificate() {
            try {
                return (X509Certificate) session().getPeerCertificates()[0];
            } catch (SSLPeerUnverifiedException e) {
                return null;
            }
        }

        /** Sends text and waits for it to come back. */
        String echo(String text) throws InterruptedException {
            channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)).awaitUninterruptibly();
            StringBuilder got = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (got.length() < text.length() && System.nanoTime() < deadline) {
                String part = received.poll(100, TimeUnit.MILLISECONDS);
                if (part != null) {
                    got.append(part);
                }
                if (!channel.isActive() && received.isEmpty()) {
                    break;
                }
            }
            return got.toString();
        }

        void close() {
            channel.close().awaitUninterruptibly();
        }
    }

    /** Starts the echo server on 127.0.0.1; returns its port. */
    int startServer(Function<ByteBufAllocator, SslHandler> handlers) throws InterruptedException {
        Channel serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = handlers.apply(ch.alloc());
                        Connection connection = new Connection(ch, ssl);
                        ch.pipeline().addLast(ssl, new Echo());
                        accepted.add(connection);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        serverChannels.add(serverChannel);
        return ((java.net.InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The next connection the server accepted. */
    Connection accepted() throws InterruptedException {
        Connection connection = accepted.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (connection == null) {
            throw new AssertionError("the server accepted no connection");
        }
        return connection;
    }

    Connection connect(int port, Function<ByteBufAllocator, SslHandler> handlers) throws InterruptedException {
        Connection[] holder = new Connection[1];
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = handlers.apply(ch.alloc());
                        holder[0] = new Connection(ch, ssl);
                        ch.pipeline().addLast(ssl, new Collect(holder[0].received));
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        return holder[0];
    }

    EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        for (Channel serverChannel : serverChannels) {
            serverChannel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Writes back what it reads; quietly closes on errors (handshake failures are asserted elsewhere). */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Queues what it reads as text. */
    private static final class Collect extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<String> received;

        Collect(BlockingQueue<String> received) {
            this.received = received;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                received.add(buf.toString(StandardCharsets.UTF_8));
            } finally {
                buf.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
