package org.perditioncamel.backend;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Future;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.NetUtil;
import org.perditioncamel.log.ConnectionLogHandler;
import org.perditioncamel.metrics.ProxyMetrics;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.session.NumericAddress;
import org.perditioncamel.session.Security;
import org.perditioncamel.session.PipelineNames;
import org.perditioncamel.session.SpliceCounter;
import org.perditioncamel.log.ConnectionLogging;
import org.perditioncamel.log.Reasons;

/**
 * Connects to the real server and logs in with the client's credentials, without blocking any thread: the
 * backend channel lives on the client's event loop (so the later splice needs no locks) and the result is a
 * CompletionStage the login route waits on asynchronously.
 */
public final class BackendLogin {
    private final SessionAudit audit;
    private final int connectTimeoutMillis;
    private final int loginTimeoutSeconds;
    private final boolean tcpKeepalive;
    /** Name lookups: bounded threads and queue; the JVM caches answers (networkaddress.cache.ttl). */
    private final ThreadPoolExecutor resolver = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000), r -> {
                Thread t = new Thread(r, "perdition-backend-dns");
                t.setDaemon(true);
                return t;
            });
    private Function<String, InetAddress[]> names = BackendLogin::resolve;
    private ConnectionLogging connectionLogging = ConnectionLogging.OFF;
    private ProxyMetrics metrics = new ProxyMetrics();
    private final java.util.Map<Protocol, BackendSsl> ssl = new java.util.EnumMap<>(Protocol.class);
    private final java.util.Set<Protocol> implicitSsl = java.util.EnumSet.noneOf(Protocol.class);

    private final java.util.Map<Protocol, BackendProxyProtocol> proxyProtocol = new java.util.EnumMap<>(Protocol.class);

    /** backend_proxy_protocol: a PROXY header with the client's address opens every backend connection. */
    public BackendLogin proxyProtocol(Protocol protocol, BackendProxyProtocol version) {
        proxyProtocol.put(protocol, version);
        return this;
    }

    /**
     * @param implicit ssl_outgoing: TLS from the first byte; otherwise TLS only when the dialogue asks (tls_outgoing)
     */
    public BackendLogin tls(Protocol protocol, BackendSsl backendSsl, boolean implicit) {
        ssl.put(protocol, backendSsl);
        if (implicit) {
            implicitSsl.add(protocol);
        }
        return this;
    }

    /**
     * @param connectTimeoutMillis per address tried; perdition has none (reference §14 row 19)
     * @param loginTimeoutSeconds  greeting plus login conversation; perdition uses authenticate_timeout per read
     */
    public BackendLogin(SessionAudit audit, int connectTimeoutMillis, int loginTimeoutSeconds, boolean tcpKeepalive) {
        this.audit = audit;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.loginTimeoutSeconds = loginTimeoutSeconds;
        this.tcpKeepalive = tcpKeepalive;
    }

    /** How names are looked up (tests: a DNS server that never answers). */
    BackendLogin names(Function<String, InetAddress[]> lookup) {
        this.names = lookup;
        return this;
    }

    public BackendLogin connectionLogging(ConnectionLogging logging) {
        this.connectionLogging = logging;
        return this;
    }

    /** Where the connect times and the backend TLS handshakes are counted. */
    public BackendLogin metrics(ProxyMetrics proxyMetrics) {
        this.metrics = proxyMetrics;
        return this;
    }

    /**
     * The name is resolved on a small pool of its own: a slow DNS server must not hold up the camel-netty executor
     * thread, which other sessions share. Everything after that runs on the client's event loop.
     */
    public CompletionStage<LoginResult> login(ProxySession session, BackendDialogue dialogue, String host, int port) {
        // each attempt starts in plaintext: an earlier attempt's STARTTLS to another backend says nothing of this one
        session.serverSecure(Security.PLAINTEXT);
        CompletableFuture<LoginResult> result = new CompletableFuture<>();
        Channel client = session.channel();
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            // an address, not a name: nothing to look up, so no hop to the resolver's threads and back
            InetAddress[] address = {addressOf(literal)};
            connectSoon(session, client, address, 0, host, port, dialogue, result);
            return result;
        }
        try {
            // a DNS server that does not answer counts against connect_timeout, as a backend that does not answer
            CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> names.apply(host), resolver);
            // connect_timeout 0 is Netty's "none": then the lookup has none either
            (connectTimeoutMillis > 0 ? lookup.orTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS) : lookup)
                    .whenComplete((addresses, failure) -> {
                if (failure != null) {
                    audit.error("Could not resolve backend " + host + (failure instanceof TimeoutException
                            ? " within " + connectTimeoutMillis + " ms (connect_timeout)" : "")
                            + " for " + NumericAddress.fromTo(session));
                    result.complete(new LoginResult.Failed(BackendDialogue.COULD_NOT_CONNECT, null));
                    return;
                }
                connectSoon(session, client, addresses, 0, host, port, dialogue, result);
            });
        } catch (RejectedExecutionException e) {
            audit.error("Too many backend name lookups at once; refusing " + NumericAddress.fromTo(session));
            result.complete(new LoginResult.Failed(BackendDialogue.COULD_NOT_CONNECT, null));
        }
        return result;
    }

    private static InetAddress addressOf(byte[] literal) {
        try {
            return InetAddress.getByAddress(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);   // not 4 or 16 bytes: NetUtil never answers that
        }
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The backend's socket: the client's transport (a splice needs two epoll sockets), made without reflection, and
     * for an IPv4 backend an IPv4 socket (a dual-stack IPv6 one costs an IPV6_V6ONLY call per connect).
     */
    static ChannelFactory<? extends Channel> socketFor(Channel client, InetAddress backend) {
        if (client instanceof EpollSocketChannel) {
            InternetProtocolFamily family = backend instanceof Inet4Address
                    ? InternetProtocolFamily.IPv4 : InternetProtocolFamily.IPv6;
            return () -> new EpollSocketChannel(family);
        }
        if (client instanceof SocketChannel && !(client instanceof NioSocketChannel)) {
            return new ReflectiveChannelFactory<>(client.getClass().asSubclass(SocketChannel.class));
        }
        return NioSocketChannel::new;
    }

    /**
     * Always a task of the client's event loop, never inline, even on that loop: a login line is read while the loop
     * works through one batch of epoll events, and a connection closed earlier in that batch frees a descriptor the
     * new backend socket then gets. Netty 4.1 hands the closed connection's remaining events of the batch to the
     * channel now holding the descriptor, and reading a socket not yet connected fails (NotYetConnectedException):
     * about one "Could not connect" in 5 000 logins of a storm. A task runs after the batch.
     */
    private void connectSoon(ProxySession session, Channel client, InetAddress[] addresses, int index, String host,
                             int port, BackendDialogue dialogue, CompletableFuture<LoginResult> result) {
        client.eventLoop().execute(() -> connect(session, client, addresses, index, host, port, dialogue, result));
    }

    /** perdition tries only the first address (reference §14 row 19); we try each in turn. */
    private void connect(ProxySession session, Channel client, InetAddress[] addresses, int index, String host, int port,
                         BackendDialogue dialogue, CompletableFuture<LoginResult> result) {
        if (!client.isActive()) {
            result.complete(new LoginResult.Failed(BackendDialogue.COULD_NOT_CONNECT, null));
            return;
        }
        InetSocketAddress target = new InetSocketAddress(addresses[index], port);
        String where = NumericAddress.of(target.getAddress()) + ":" + port;
        BackendLineDecoder decoder = new BackendLineDecoder(8192);
        Bootstrap b = new Bootstrap()
                .group(client.eventLoop())
                .channelFactory(socketFor(client, target.getAddress()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                // TCP_NODELAY: Netty's default for its socket channels
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        SpliceCounter.install(ch);   // before the greeting is read: the relay may splice after login
                        if (connectionLogging.enabled()) {
                            p.addLast("connection-log", new ConnectionLogHandler("REAL", audit::debug,
                                    connectionLogging.showPasswords()));
                        }
                        BackendConversationHandler[] conversation = new BackendConversationHandler[1];
                        BackendSsl backendSsl = ssl.get(session.protocol());
                        Runnable startTls = backendSsl == null ? null : () -> {
                            SslHandler handler = backendSsl.newHandler(ch.alloc(), host, port);
                            p.addFirst(PipelineNames.SSL, handler);
                            handler.handshakeFuture().addListener(f -> {
                                metrics.tls().backend(f.isSuccess());
                                ChannelHandlerContext ctx = p.context("dialogue");
                                if (ctx == null) {
                                    return;
                                }
                                if (f.isSuccess()) {
                                    session.serverSecure(Security.STARTTLS);
                                    conversation[0].tlsEstablished(ctx);
                                } else {
                                    conversation[0].tlsFailed(ctx, backendSsl.describeFailure(f.cause()));
                                }
                            });
                        };
                        conversation[0] = new BackendConversationHandler(dialogue, result, decoder, audit, where, startTls);
                        if (implicitSsl.contains(session.protocol()) && backendSsl != null) {
                            SslHandler handler = backendSsl.newHandler(ch.alloc(), host, port);
                            p.addFirst(PipelineNames.SSL, handler);
                            session.serverSecure(Security.SSL);
                            handler.handshakeFuture().addListener(f -> {
                                metrics.tls().backend(f.isSuccess());
                                ChannelHandlerContext ctx = p.context("dialogue");
                                if (!f.isSuccess() && ctx != null) {
                                    conversation[0].tlsFailed(ctx, backendSsl.describeFailure(f.cause()));
                                }
                            });
                        }
                        p.addLast(PipelineNames.DECODER, decoder);
                        p.addLast("dialogue", conversation[0]);
                        BackendProxyProtocol proxy = proxyProtocol.getOrDefault(session.protocol(), BackendProxyProtocol.OFF);
                        if (proxy != BackendProxyProtocol.OFF) {
                            BackendProxyHeader.install(p, proxy.header(session.client(), session.local()));
                        }
                    }
                });
        if (client instanceof EpollSocketChannel) {
            // the relay splices only between level-triggered channels, and the mode is fixed once registered
            b.option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED);
        }
        if (tcpKeepalive) {
            b.option(ChannelOption.SO_KEEPALIVE, true);   // off is the socket's default: no call for it
        }
        long connectStart = System.nanoTime();
        ChannelFuture connecting = b.connect(target);
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                metrics.backends().connected(host + ":" + port, System.nanoTime() - connectStart);
            }
            if (!f.isSuccess()) {
                Throwable seen = connecting.channel().attr(BackendConversationHandler.CONNECT_FAILURE).get();
                audit.error("Could not connect to backend " + where + ": " + Reasons.of(seen != null ? seen : f.cause()));
                if (index + 1 < addresses.length) {
                    connectSoon(session, client, addresses, index + 1, host, port, dialogue, result);
                } else {
                    result.complete(new LoginResult.Failed(BackendDialogue.COULD_NOT_CONNECT, null));
                }
                return;
            }
            Channel backend = connecting.channel();
            // the client going away ends the login at once; a finished login leaves the backend to the splice
            GenericFutureListener<Future<? super Void>> clientGone = c -> {
                if (!(result.getNow(null) instanceof LoginResult.LoggedIn) || backend.pipeline().get(PipelineNames.RELAY) == null) {
                    backend.close();
                }
            };
            client.closeFuture().addListener(clientGone);
            // once the backend is closed there is nothing to close: a client that tries again and again must not keep
            // every failed attempt's channel, dialogue and password until it goes
            backend.closeFuture().addListener(closed -> client.closeFuture().removeListener(clientGone));
            ScheduledFuture<?> deadline = backend.eventLoop().schedule(() -> {
                if (!result.isDone()) {
                    audit.error("Fatal error: backend " + where + " did not complete the login within " + loginTimeoutSeconds + "s");
                    result.complete(new LoginResult.Failed(BackendDialogue.CONNECTION_NEGOTIATION_FAILURE, null));
                    backend.close();
                }
            }, loginTimeoutSeconds, TimeUnit.SECONDS);
            result.whenComplete((r, e) -> deadline.cancel(false));
        });
    }
}
