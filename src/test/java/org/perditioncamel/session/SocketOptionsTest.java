package org.perditioncamel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.backend.LoginResult;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/**
 * The sockets of a session, read back from the kernel: TCP_NODELAY on both (an answer is never held back for
 * Nagle), SO_KEEPALIVE only with perdition's tcp_keepalive, on the client's and the backend's alike.
 */
class SocketOptionsTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3_IMAP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    @Test
    void withoutTcpKeepaliveBothSocketsShouldHaveNoDelayAndNoKeepalive() throws Exception {
        assertThat(optionsOfALoggedInSession(Map.of())).isEqualTo(Map.of(
                "client TCP_NODELAY", true, "client SO_KEEPALIVE", false,
                "backend TCP_NODELAY", true, "backend SO_KEEPALIVE", false));
    }

    @Test
    void tcpKeepaliveShouldSetSoKeepaliveOnBothSockets() throws Exception {
        assertThat(optionsOfALoggedInSession(Map.of("tcp_keepalive", "true"))).isEqualTo(Map.of(
                "client TCP_NODELAY", true, "client SO_KEEPALIVE", true,
                "backend TCP_NODELAY", true, "backend SO_KEEPALIVE", true));
    }

    /** The options of the client's and the backend's socket of a POP3 session, read while both are open. */
    private Map<String, Boolean> optionsOfALoggedInSession(Map<String, String> options) throws Exception {
        AtomicReference<Channel[]> channels = new AtomicReference<>();
        Map<String, String> all = new HashMap<>(options);
        all.put("outgoing_server", "127.0.0.1:" + backend.getPop3().getPort());
        try (RunningProxy proxy = RunningProxy.start(all)) {
            AdviceWith.adviceWith(proxy.main().getCamelContext(), "login", a -> a.weaveById("splice").before()
                    .process(e -> channels.set(new Channel[] {
                            e.getVariable("session", ProxySession.class).channel(),
                            e.getVariable("loginResult", LoginResult.LoggedIn.class).backend() })));
            try (LineClient c = new LineClient(proxy.port()).timeout(5000)) {
                c.readLine();
                c.send("USER alice").readLine();
                assertThat(c.send("PASS secret").readLine()).startsWith("+OK");
                Channel client = channels.get()[0];
                Channel server = channels.get()[1];
                assertThat(client.isActive() && server.isActive()).isTrue();
                Map<String, Boolean> read = new HashMap<>();
                read.put("client TCP_NODELAY", client.config().getOption(ChannelOption.TCP_NODELAY));
                read.put("client SO_KEEPALIVE", client.config().getOption(ChannelOption.SO_KEEPALIVE));
                read.put("backend TCP_NODELAY", server.config().getOption(ChannelOption.TCP_NODELAY));
                read.put("backend SO_KEEPALIVE", server.config().getOption(ChannelOption.SO_KEEPALIVE));
                return read;
            }
        }
    }
}
