package org.perditioncamel.backend;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.testing.ScriptedServer;
import org.perditioncamel.testing.EpollBatches;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend socket of a login can get the descriptor of a connection closed a moment earlier in the same batch
 * of epoll events; Netty 4.1 then hands that old connection's remaining events of the batch to the new channel,
 * whose read of a socket not yet connected fails with NotYetConnectedException. Seen under login storms as a
 * "Could not connect to backend" about once in 5 000 logins, while the backend answered every connection.
 */
class BackendLoginDescriptorReuseTest {
    private final EpollEventLoopGroup loop = new EpollEventLoopGroup(1);
    private final List<AutoCloseable> closing = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> errors = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aBackendSocketReusingTheDescriptorOfAConnectionClosedInTheSameBatchShouldStillLogIn() throws Exception {
        Epoll.ensureAvailability();
        int backendPort = pop3Backend();
        SessionAudit audit = new SessionAudit(e -> { }, new SessionAudit.LogLines() {
            @Override
            public void err(String line) {
                synchronized (errors) {
                    errors.add(line);
                }
            }

            @Override
            public void info(String line) {
            }

            @Override
            public void debug(String line) {
            }
        }, false);
        BackendLogin login = new BackendLogin(audit, 5_000, 10, false);

        // the proxy side: a "Y" from one client closes the other ("victim") client and starts a login at once,
        // as the login route does for a LOGIN line that arrives in the batch that also ends another session
        BlockingQueue<Attempt> attempts = new LinkedBlockingQueue<>();
        Channel[] victim = new Channel[1];
        EpollBatches batches = new EpollBatches(loop, null, ctx -> {
            int freed = ((EpollSocketChannel) victim[0]).fd().intValue();
            victim[0].close();
            ProxySession session = ProxySession.accepted(Protocol.POP3, ctx.channel(),
                    (InetSocketAddress) ctx.channel().remoteAddress(), (InetSocketAddress) ctx.channel().localAddress());
            attempts.add(new Attempt(freed, login.login(session, new Pop3BackendDialogue("x", "alice", "secret"),
                    "127.0.0.1", backendPort).toCompletableFuture()));
        });
        closing.add(batches::close);
        int port = batches.port();

        int reused = 0;
        for (int round = 0; round < 30 && reused < 3; round++) {
            Socket x = new Socket("127.0.0.1", port);
            Socket y = new Socket("127.0.0.1", port);
            closing.add(y);
            closing.add(x);
            batches.accepted(y);
            victim[0] = batches.accepted(x);
            // both clients' bytes arrive in one batch of epoll events, Y's first
            batches.hold(150);
            write(y, "Y");
            Thread.sleep(20);
            write(x, "X");

            Attempt attempt = attempts.poll(10, TimeUnit.SECONDS);
            assertThat(attempt).as("round %d: the login started", round).isNotNull();
            LoginResult result = attempt.result().get(15, TimeUnit.SECONDS);
            synchronized (errors) {
                assertThat(result).as("round %d: %s", round, errors).isInstanceOf(LoginResult.LoggedIn.class);
            }
            Channel backend = ((LoginResult.LoggedIn) result).backend();
            closing.add(() -> backend.close().sync());
            if (((EpollSocketChannel) backend).fd().intValue() == attempt.freedDescriptor()) {
                reused++;
            }
        }
        // the descriptor reuse this test is about took place (the lowest free descriptor is taken: after a few
        // rounds the freed one is the lowest)
        assertThat(reused).isGreaterThan(0);
        synchronized (errors) {
            assertThat(errors).isEmpty();
        }
    }

    private record Attempt(int freedDescriptor, CompletableFuture<LoginResult> result) {
    }

    /** A POP3 server of a few lines: a greeting, then +OK to every command. */
    private int pop3Backend() throws Exception {
        ScriptedServer server = new ScriptedServer((in, out, socket) -> {
            ScriptedServer.send(out, "+OK ready\r\n");
            while (in.readLine() != null) {
                ScriptedServer.send(out, "+OK\r\n");
            }
        });
        closing.add(server);
        return server.port();
    }

    private static void write(Socket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }
}
