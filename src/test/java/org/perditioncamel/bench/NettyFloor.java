package org.perditioncamel.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The floor of the benchmark: the least a Java proxy on Netty's epoll transport must do for one IMAP or POP3 login,
 * with nothing of ours: greet, read the credentials, connect to the backend, read its greeting, log in there, answer
 * the client, then pass bytes both ways until either side closes. No Camel, no popmap, no timers, no log line, no
 * event. Its CPU per login says how much of ours is the platform (JVM and Netty) and how much is our work; it is a
 * measuring stick, not a proxy (no quoting rules, no pipelining, no error replies).
 * Usage: NettyFloor pop3Port imap4Port backendHost backendPop3Port backendImap4Port.
 */
public final class NettyFloor {
    private static final int MAX_LINE = 4096;

    private NettyFloor() {
    }

    public static void main(String[] args) throws InterruptedException {
        String backendHost = args[2];
        Running floor = start(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                new InetSocketAddress(backendHost, Integer.parseInt(args[3])),
                new InetSocketAddress(backendHost, Integer.parseInt(args[4])));
        System.out.println("netty floor: pop3 " + floor.pop3Port() + ", imap4 " + floor.imap4Port());
        floor.loop().terminationFuture().sync();   // until bench/run kills it
    }

    /** A started floor: its listening ports (given or, for 0, chosen), and close to stop its one event loop. */
    record Running(int pop3Port, int imap4Port, EpollEventLoopGroup loop) implements AutoCloseable {
        @Override
        public void close() {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** One event loop, as our proxy has on a one-CPU pinning, for both listeners and every backend connection. */
    static Running start(int pop3Port, int imap4Port, InetSocketAddress pop3Backend, InetSocketAddress imap4Backend)
            throws InterruptedException {
        EpollEventLoopGroup loop = new EpollEventLoopGroup(1, new DefaultThreadFactory("floor-worker"));
        try {
            return new Running(listen(loop, pop3Port, false, pop3Backend), listen(loop, imap4Port, true, imap4Backend),
                    loop);
        } catch (InterruptedException | RuntimeException e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static int listen(EpollEventLoopGroup loop, int port, boolean imap, InetSocketAddress backend)
            throws InterruptedException {
        Channel server = new ServerBootstrap().group(loop, loop).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), new Client(imap, backend));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** The client's side until login: greeting, then USER/PASS or LOGIN; the relay after. */
    private static final class Client extends SimpleChannelInboundHandler<ByteBuf> {
        private final boolean imap;
        private final InetSocketAddress backend;
        private String user;

        Client(boolean imap, InetSocketAddress backend) {
            this.imap = imap;
            this.backend = backend;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(ascii(imap ? "* OK floor ready\r\n" : "+OK floor ready\r\n"));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            String text = line.toString(StandardCharsets.US_ASCII);
            if (imap) {
                // tag LOGIN "user" "password": the benchmark's quoted form, nothing else
                String[] words = text.split(" ");
                if (words.length == 4 && words[1].equalsIgnoreCase("LOGIN")) {
                    login(ctx, words[0], unquote(words[2]), unquote(words[3]));
                } else {
                    ctx.writeAndFlush(ascii(words[0] + " BAD floor\r\n"));
                }
            } else if (text.regionMatches(true, 0, "USER ", 0, 5)) {
                user = text.substring(5);
                ctx.writeAndFlush(ascii("+OK\r\n"));
            } else if (text.regionMatches(true, 0, "PASS ", 0, 5) && user != null) {
                login(ctx, null, user, text.substring(5));
            } else {
                ctx.writeAndFlush(ascii("-ERR floor\r\n"));
            }
        }

        private static String unquote(String s) {
            return s.length() >= 2 && s.charAt(0) == '"' ? s.substring(1, s.length() - 1) : s;
        }

        private void login(ChannelHandlerContext ctx, String tag, String user, String password) {
            Channel client = ctx.channel();
            client.config().setAutoRead(false);
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE),
                                    new Backend(client, imap, tag, user, password));
                        }
                    })
                    .connect(backend).addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            client.close();
                        }
                    });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The backend's side of the login: greeting, login, then both channels become a relay. */
    private static final class Backend extends SimpleChannelInboundHandler<ByteBuf> {
        private final Channel client;
        private final boolean imap;
        private final String tag;
        private final String user;
        private final String password;
        private int step;

        Backend(Channel client, boolean imap, String tag, String user, String password) {
            this.client = client;
            this.imap = imap;
            this.tag = tag;
            this.user = user;
            this.password = password;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            String text = line.toString(StandardCharsets.US_ASCII);
            if (imap && step > 0 && text.startsWith("* ")) {
                return;   // untagged data before the tagged answer
            }
            // IMAP: greeting, then LOGIN's tagged answer; POP3: greeting, USER's answer, then PASS's
            boolean ok = text.startsWith(!imap ? "+OK" : step == 0 ? "* OK" : "A OK");
            String next = ok ? nextCommand() : null;
            if (next != null) {
                step++;
                ctx.writeAndFlush(ascii(next + "\r\n"));
                return;
            }
            if (!ok) {
                client.writeAndFlush(ascii(imap ? tag + " NO floor: login failed\r\n" : "-ERR floor: login failed\r\n"))
                        .addListener(ChannelFutureListener.CLOSE);
                ctx.close();
                return;
            }
            // logged in: both pipelines become a plain relay
            Channel backend = ctx.channel();
            ctx.pipeline().remove(LineBasedFrameDecoder.class);
            ctx.pipeline().replace(this, "relay", new Relay(client));
            client.pipeline().remove(LineBasedFrameDecoder.class);
            client.pipeline().remove(Client.class);
            client.pipeline().addLast("relay", new Relay(backend));
            client.writeAndFlush(ascii(imap ? tag + " OK floor: logged in\r\n" : "+OK floor: logged in\r\n"));
            client.config().setAutoRead(true);
        }

        /** What to send the backend after an OK at this step; null once its OK means logged in. */
        private String nextCommand() {
            return switch (step) {
                case 0 -> imap ? "A LOGIN \"" + user + "\" \"" + password + "\"" : "USER " + user;
                case 1 -> imap ? null : "PASS " + password;
                default -> null;
            };
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
            client.close();
        }
    }

    /** Bytes from one channel to the other, flushed once per read batch; a close on either side closes both. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;

        Relay(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.write(msg, peer.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
