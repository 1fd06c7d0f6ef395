package org.perditioncamel.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;

/** The backend's name lookup is bounded like its connect: a DNS server that never answers fails the attempt. */
class BackendNameLookupTest {
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final CountDownLatch dnsAnswers = new CountDownLatch(1);
    private final SessionAudit audit = new SessionAudit(e -> { }, new SessionAudit.LogLines() {
        @Override public void err(String line) { errors.add(line); }
        @Override public void info(String line) { }
        @Override public void debug(String line) { }
    }, false);

    @AfterEach
    void answer() {
        dnsAnswers.countDown();
    }

    @Test
    void aNameThatDoesNotResolveWithinConnectTimeoutShouldFailTheLogin() throws Exception {
        BackendLogin login = new BackendLogin(audit, 500, 30, false).names(host -> {
            try {
                dnsAnswers.await();   // a DNS server that does not answer (the resolver's own timeouts are longer)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new InetAddress[0];
        });
        EmbeddedChannel client = new EmbeddedChannel();
        ProxySession session = ProxySession.accepted(Protocol.POP3, client, new InetSocketAddress("192.0.2.10", 40000),
                new InetSocketAddress("192.0.2.1", 110));

        long start = System.nanoTime();
        LoginResult result = login.login(session, new Pop3BackendDialogue("x", "alice", "secret"), "mail.example.net", 110)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
        assertThat(result).isInstanceOf(LoginResult.Failed.class);
        assertThat(((LoginResult.Failed) result).reason()).isEqualTo(BackendDialogue.COULD_NOT_CONNECT);
        assertThat(errors).singleElement().asString()
                .startsWith("Could not resolve backend mail.example.net within 500 ms (connect_timeout) for ");
    }
}
