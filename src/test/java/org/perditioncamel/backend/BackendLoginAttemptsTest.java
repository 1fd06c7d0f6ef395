package org.perditioncamel.backend;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.Security;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.testing.ScriptedServer;
import org.perditioncamel.testing.SilentLogLines;

import static org.assertj.core.api.Assertions.assertThat;

/** Login attempts one after another on one client connection: nothing of a failed one lives on into the next. */
class BackendLoginAttemptsTest {
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
    private final SessionAudit audit = new SessionAudit(e -> { }, SilentLogLines.INSTANCE, false);

    @AfterEach
    void stop() throws Exception {
        // last opened, first closed: the client channel before its event loop
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** An earlier attempt's STARTTLS to another backend must not show as this attempt's server-secure. */
    @Test
    void everyAttemptShouldStartInPlaintext() throws Exception {
        EmbeddedChannel client = new EmbeddedChannel();
        ProxySession session = ProxySession.accepted(Protocol.POP3, client, new InetSocketAddress("192.0.2.10", 40000),
                new InetSocketAddress("192.0.2.1", 110));
        session.serverSecure(Security.STARTTLS);   // the attempt before, to a backend that offered STARTTLS
        client.close();                            // this one never connects
        var result = new BackendLogin(audit, 1000, 10, false)
                .login(session, new Pop3BackendDialogue("x", "alice", "secret"), "127.0.0.1", 1).toCompletableFuture();
        client.runPendingTasks();
        assertThat(result.get(5, TimeUnit.SECONDS)).isInstanceOf(LoginResult.Failed.class);
        assertThat(session.serverSecure()).isEqualTo(Security.PLAINTEXT);
    }

    /** A client that tries again and again keeps nothing of its failed attempts (a listener and a closed channel each). */
    @Test
    void aFailedAttemptShouldLeaveNothingOnTheClientConnection() throws Exception {
        Epoll.ensureAvailability();
        EpollEventLoopGroup loop = new EpollEventLoopGroup(1);
        closing.add(() -> loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync());
        int backendPort = refusingPop3Backend();
        ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(peer);
        Channel client = new Bootstrap().group(loop).channel(EpollSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                    }
                })
                .connect(peer.getLocalSocketAddress()).sync().channel();
        closing.add(() -> client.close().sync());
        ProxySession session = ProxySession.accepted(Protocol.POP3, client, (InetSocketAddress) client.remoteAddress(),
                (InetSocketAddress) client.localAddress());
        BackendLogin login = new BackendLogin(audit, 5000, 10, false);

        int before = closeListeners(client);
        for (int i = 0; i < 20; i++) {
            LoginResult result = login.login(session, new Pop3BackendDialogue("x", "alice", "wrong" + i), "127.0.0.1",
                    backendPort).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result).isInstanceOf(LoginResult.Failed.class);
        }
        // each attempt's listener goes when its backend closes, which follows the refusal at once
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closeListeners(client) > before && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(closeListeners(client)).as("listeners left on the client's close by failed attempts").isEqualTo(before);
        assertThat(client.isActive()).isTrue();
    }

    /** Listeners on the channel's close future (Netty keeps one in a field, more in a list). */
    private static int closeListeners(Channel channel) throws Exception {
        Object promise = channel.closeFuture();
        Class<?> type = io.netty.util.concurrent.DefaultPromise.class;
        java.lang.reflect.Field one = type.getDeclaredField("listener");
        java.lang.reflect.Field many = type.getDeclaredField("listeners");
        one.setAccessible(true);
        many.setAccessible(true);
        synchronized (promise) {
            Object list = many.get(promise);
            if (list != null) {
                java.lang.reflect.Method size = list.getClass().getDeclaredMethod("size");
                size.setAccessible(true);
                return (Integer) size.invoke(list);
            }
            return one.get(promise) != null ? 1 : 0;
        }
    }

    /** A POP3 server that refuses every password. */
    private int refusingPop3Backend() throws Exception {
        ScriptedServer server = new ScriptedServer((in, out, socket) -> {
            ScriptedServer.send(out, "+OK ready\r\n");
            String line;
            while ((line = in.readLine()) != null) {
                ScriptedServer.send(out, line.startsWith("PASS") ? "-ERR no\r\n" : "+OK\r\n");
            }
        });
        closing.add(server);
        return server.port();
    }
}
