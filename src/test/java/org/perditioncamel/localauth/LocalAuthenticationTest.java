package org.perditioncamel.localauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.perditioncamel.backend.LoginResult;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.testing.SilentLogLines;

class LocalAuthenticationTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.10", 110);

    private final AtomicInteger checks = new AtomicInteger();
    private final LocalAuthentication local = new LocalAuthentication(true, new PasswordCheck() {
        @Override
        public boolean check(String user, String password, String clientHost) {
            checks.incrementAndGet();
            return "secret".equals(password);
        }

        @Override
        public void close() {
        }
    }, new SessionAudit(e -> { }, SilentLogLines.INSTANCE, false));

    @Test
    void aClientStillThereShouldBeChecked() {
        ProxySession session = ProxySession.accepted(Protocol.POP3, new EmbeddedChannel(), CLIENT, LOCAL);
        assertThat(local.authenticate(session, Credentials.of("alice", "secret"), "alice")).isNull();
        assertThat(local.authenticate(session, Credentials.of("alice", "wrong"), "alice").reason())
                .isEqualTo(LocalAuthentication.FAILURE);
        assertThat(checks).hasValue(2);
    }

    /** A check queued behind a slow directory is not run for a client that has gone meanwhile. */
    @Test
    void aClientThatLeftWhileItsCheckWaitedShouldNotBeChecked() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ProxySession session = ProxySession.accepted(Protocol.POP3, channel, CLIENT, LOCAL);
        channel.close();
        LoginResult.Failed refusal = local.authenticate(session, Credentials.of("alice", "secret"), "alice");
        assertThat(refusal.reason()).isEqualTo(LocalAuthentication.CLIENT_GONE);
        assertThat(checks).hasValue(0);
    }
}
