package org.perditioncamel.relay;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.perditioncamel.session.SpliceCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay between real epoll sockets on loopback, spliced and copied: every byte arrives in order, FINs are
 * passed on after the bytes before them, and the counts are exact. The backend and the client are plain sockets.
 */
class RelaySpliceTest {
    private static final int MIB = 1024 * 1024;

    private EpollEventLoopGroup loop;
    private ServerSocket backendListener;
    private Channel listener;
    private final CompletableFuture<RelayHandler[]> relays = new CompletableFuture<>();
    private final CompletableFuture<Channel> backendChannel = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger backendInputShutdowns = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    @BeforeEach
    void checkEpoll() {
        assertThat(Epoll.isAvailable()).as("Netty's epoll transport (Linux)").isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.close().sync();
        }
        if (backendListener != null) {
            backendListener.close();
        }
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** A listener whose connections are relayed to the backend as Splice joins them, splice allowed or not. */
    private int start(boolean splice) throws Exception {
        loop = new EpollEventLoopGroup(1);
        backendListener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        listener = new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel client) {
                        SpliceCounter.install(client);
                        connectBackend(client, splice);
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private void connectBackend(Channel client, boolean splice) {
        new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.AUTO_READ, false)
                .option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel backend) {
                        SpliceCounter.install(backend);
                        backend.pipeline().addFirst(new io.netty.channel.ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) {
                                if (evt == io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE) {
                                    backendInputShutdowns.incrementAndGet();
                                }
                                ctx.fireUserEventTriggered(evt);
                            }
                        });
                    }
                })
                .connect(backendListener.getLocalSocketAddress()).addListener(f -> {
                    try {
                        join(client, ((io.netty.channel.ChannelFuture) f).channel(), splice);
                    } catch (Throwable e) {
                        relays.completeExceptionally(e);
                    }
                });
    }

    private void join(Channel client, Channel backend, boolean splice) {
        RelayHandler fromClient = new RelayHandler(backend, received, false);
        RelayHandler fromBackend = new RelayHandler(client, sent, true);
        client.pipeline().addLast(fromClient);
        backend.pipeline().addLast(fromBackend);
        Splice.closeAtBackendFin(backend);   // as Splice.join does
        backendChannel.complete(backend);
        if (splice) {
            assertThat(Splice.allowSplice(client, fromClient, received, backend, fromBackend, sent)).isTrue();
        }
        client.config().setAutoRead(true);
        backend.config().setAutoRead(true);
        relays.complete(new RelayHandler[] {fromClient, fromBackend});
    }

    private static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The backend writes 8 MiB and FIN at once while the client reads nothing: all of it arrives, then EOF. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void backendBytesAndFinShouldAllReachASlowClient(boolean splice) throws Exception {
        int port = start(splice);
        byte[] reply = data(8 * MIB, 1);
        try (Socket client = new Socket("127.0.0.1", port); Socket backend = backendListener.accept()) {
            client.setSoTimeout(20_000);
            backend.setSoTimeout(20_000);
            relays.get(5, TimeUnit.SECONDS);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    backend.getOutputStream().write(reply);
                    backend.shutdownOutput();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(700);   // the FIN reaches the proxy while megabytes wait in front of it
            byte[] got = client.getInputStream().readAllBytes();
            writing.get(20, TimeUnit.SECONDS);
            assertThat(got.length).isEqualTo(reply.length);
            assertThat(Arrays.equals(got, reply)).isTrue();
            assertThat(sent.get()).isEqualTo(reply.length);
            assertThat(relays.get()[1].spliced()).isEqualTo(splice);
        }
    }

    /**
     * A short answer and the backend's FIN (an IMAP LOGOUT, a POP3 QUIT): the client gets the answer, then EOF, and
     * the proxy's backend channel is closed at the FIN, not left half-open.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theBackendsFinShouldCloseItsChannelAfterTheAnswer(boolean splice) throws Exception {
        int port = start(splice);
        byte[] bye = "* BYE Logging out\r\nA3 OK Logout completed.\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Socket client = new Socket("127.0.0.1", port); Socket backend = backendListener.accept()) {
            client.setSoTimeout(20_000);
            relays.get(5, TimeUnit.SECONDS);
            Channel proxyToBackend = backendChannel.get(5, TimeUnit.SECONDS);
            backend.getOutputStream().write(bye);
            backend.shutdownOutput();
            assertThat(client.getInputStream().readAllBytes()).isEqualTo(bye);
            assertThat(proxyToBackend.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(backendInputShutdowns.get()).as("closed at the FIN, never shut down for input first").isZero();
            assertThat(relays.get()[1].spliced()).isFalse();
        }
    }

    /**
     * The client sends 4 MiB and half-closes: the backend gets all of it and then EOF, answers after that, and the
     * client gets the answer, then the close.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aClientThatHalfClosesShouldStillGetTheAnswer(boolean splice) throws Exception {
        int port = start(splice);
        byte[] upload = data(4 * MIB, 2);
        byte[] answer = data(3 * MIB, 3);
        try (Socket client = new Socket("127.0.0.1", port); Socket backend = backendListener.accept()) {
            client.setSoTimeout(20_000);
            backend.setSoTimeout(20_000);
            relays.get(5, TimeUnit.SECONDS);
            CompletableFuture<byte[]> backendSide = CompletableFuture.supplyAsync(() -> {
                try {
                    InputStream in = backend.getInputStream();
                    byte[] got = in.readAllBytes();   // up to the client's FIN, passed on
                    OutputStream out = backend.getOutputStream();
                    out.write(answer);
                    backend.shutdownOutput();
                    return got;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            client.getOutputStream().write(upload);
            client.shutdownOutput();
            byte[] got = client.getInputStream().readAllBytes();
            assertThat(Arrays.equals(backendSide.get(20, TimeUnit.SECONDS), upload)).isTrue();
            assertThat(Arrays.equals(got, answer)).isTrue();
            assertThat(received.get()).isEqualTo(upload.length);
            assertThat(sent.get()).isEqualTo(answer.length);
            assertThat(relays.get()[0].spliced()).isEqualTo(splice);
        }
    }
}
