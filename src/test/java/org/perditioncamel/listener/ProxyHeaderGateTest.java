package org.perditioncamel.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.PipelineNames;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.SessionAudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may send a PROXY header, what a trusted one yields, and that everything else is refused or left alone. */
class ProxyHeaderGateTest {
    private static final byte[] CLIENT_HELLO = {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5};
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final SessionAudit audit = new SessionAudit(e -> { }, new SessionAudit.LogLines() {
        @Override public void err(String line) { errors.add(line); }
        @Override public void info(String line) { }
        @Override public void debug(String line) { }
    }, false);

    /** Stands where TLS and ClientConnectedHandler stand: records what got that far. */
    static final class Downstream extends ChannelInboundHandlerAdapter {
        int active;
        final List<Object> events = new ArrayList<>();
        final ByteBuf bytes = Unpooled.buffer();

        @Override public void channelActive(ChannelHandlerContext ctx) { active++; }
        @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) { events.add(evt); }
        @Override public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytes.writeBytes((ByteBuf) msg);
            ((ByteBuf) msg).release();
        }

        String text() {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static ProxyProtocolSettings settings(String mode) {
        return ProxyProtocolSettings.from(Settings.of(Map.of("proxy_protocol", mode,
                "proxy_protocol_trusted_networks", "10.0.0.0/8, 2001:db8::/32")), Protocol.POP3);
    }

    private EmbeddedChannel channel(String peer, String mode, Downstream downstream) throws Exception {
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(peer), 40000);
        ChannelHandler[] handlers = {new ProxyHeaderGate(settings(mode), audit), downstream};
        EmbeddedChannel ch = new EmbeddedChannel(false, false, handlers) {
            @Override
            protected SocketAddress remoteAddress0() {
                return remote;
            }
        };
        ch.freezeTime();
        ch.register();
        return ch;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static ByteBuf v2(HAProxyCommand command, HAProxyProxiedProtocol family, String src, String dst, int sp, int dp) {
        EmbeddedChannel encoder = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        encoder.writeOutbound(new HAProxyMessage(HAProxyProtocolVersion.V2, command, family, src, dst, sp, dp));
        return encoder.readOutbound();
    }

    @Test
    void trustedV1HeaderShouldNameTheClientAndPassTheBytesAfterItOn() throws Exception {
        Downstream down = new Downstream();
        EmbeddedChannel ch = channel("10.1.2.3", "any", down);
        assertThat(down.active).as("no session before the header").isZero();

        ch.writeInbound(ascii("PROXY TCP4 203.0.113.7 192.0.2.1 51000 110\r\nCAPA\r\n"));

        assertThat(down.events).containsExactly(new AddressesKnown(new InetSocketAddress("203.0.113.7", 51000),
                new InetSocketAddress("192.0.2.1", 110)));
        assertThat(down.text()).isEqualTo("CAPA\r\n");
        assertThat(ch.pipeline().names()).doesNotContain(PipelineNames.PROXY_GATE, PipelineNames.PROXY_DECODER,
                PipelineNames.PROXY_READER);
        assertThat(ch.isOpen()).isTrue();
        assertThat(errors).isEmpty();
    }

    @Test
    void trustedV2HeaderShouldNameAnIpv6ClientAndLeaveTheTlsClientHelloIntact() throws Exception {
        Downstream down = new Downstream();
        EmbeddedChannel ch = channel("2001:db8::1", "v2", down);
        ByteBuf header = v2(HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP6, "2001:db8::77", "2001:db8::1", 50000, 995);
        // header and ClientHello in one segment, as a balancer's first write may come
        ch.writeInbound(Unpooled.wrappedBuffer(header, Unpooled.wrappedBuffer(CLIENT_HELLO)));

        assertThat(down.events).containsExactly(new AddressesKnown(new InetSocketAddress("2001:db8::77", 50000),
                new InetSocketAddress("2001:db8::1", 995)));
        byte[] passed = new byte[down.bytes.readableBytes()];
        down.bytes.getBytes(0, passed);
        assertThat(passed).isEqualTo(CLIENT_HELLO);
    }

    @Test
    void aLocalCommandShouldKeepTheSocketsAddresses() throws Exception {
        Downstream down = new Downstream();
        EmbeddedChannel ch = channel("10.1.2.3", "v2", down);
        ch.writeInbound(v2(HAProxyCommand.LOCAL, HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0));
        assertThat(down.events).singleElement().extracting(e -> ((AddressesKnown) e).client())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 40000));
    }

    /** Sends the pieces in turn; the connection must end closed, with nothing passed on, and one error line. */
    private String refusal(String peer, String mode, ByteBuf... pieces) throws Exception {
        Downstream down = new Downstream();
        EmbeddedChannel ch = channel(peer, mode, down);
        for (int i = 0; i < pieces.length; i++) {
            assertThat(ch.isOpen()).as("open before piece %d", i).isTrue();
            ch.writeInbound(pieces[i]);
        }
        assertThat(ch.isOpen()).isFalse();
        assertThat(down.events).isEmpty();
        assertThat(down.bytes.readableBytes()).isZero();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void aVersionTheListenerDoesNotTakeShouldBeRefused() throws Exception {
        assertThat(refusal("10.1.2.3", "v2", ascii("PROXY TCP4 203.0.113.7 192.0.2.1 51000 110\r\n")))
                .isEqualTo("PROXY protocol V1 header where proxy_protocol is v2 from trusted 10.1.2.3:40000: connection refused");
    }

    /**
     * Found by ProxyHeaderFuzzTest: a header refused for its version (or protocol) closed the connection, but the
     * bytes that came after it in the same read were still handed on, when the decoder left the pipeline, to what
     * stands after the reader (TLS, the session); in a later read they were not.
     */
    @Test
    void bytesAfterARefusedHeaderInTheSameReadShouldNotBePassedOn() throws Exception {
        ByteBuf header = v2(HAProxyCommand.LOCAL, HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0);
        assertThat(refusal("10.1.2.3", "v1", Unpooled.wrappedBuffer(header, Unpooled.wrappedBuffer(CLIENT_HELLO))))
                .isEqualTo("PROXY protocol V2 header where proxy_protocol is v1 from trusted 10.1.2.3:40000: connection refused");
    }

    /**
     * Found by ProxyHeaderFuzzTest: after an invalid v1 line the decoder went on with the rest of the read, and a
     * valid header after it named the client of a connection already refused and closing.
     */
    @Test
    void aValidHeaderAfterAnInvalidLineInTheSameReadShouldNotNameAClient() throws Exception {
        assertThat(refusal("10.1.2.3", "any", ascii("q\u0007) not a header\r\nPROXY TCP4 203.0.113.7 192.0.2.1 51000 110\r\n")))
                .startsWith("invalid PROXY protocol header (").as("no control characters").contains("q?)")
                .doesNotContain("\u0007").endsWith(" from trusted 10.1.2.3:40000: connection refused");
    }

    @Test
    void aTrustedPeerSpeakingThePlainProtocolShouldBeRefused() throws Exception {
        assertThat(refusal("10.1.2.3", "any", ascii("USER alice@example.com\r\n")))
                .startsWith("invalid PROXY protocol header (").endsWith(" from trusted 10.1.2.3:40000: connection refused");
    }

    @Test
    void aTrustedPeerSendingNoHeaderShouldBeClosedAfterTheTimeout() throws Exception {
        Downstream down = new Downstream();
        EmbeddedChannel ch = channel("10.1.2.3", "any", down);
        ch.writeInbound(ascii("PROX"));
        ch.advanceTimeBy(ProxyProtocolSettings.DEFAULT_TIMEOUT - 1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(errors).containsExactly("no PROXY protocol header within 5s from trusted 10.1.2.3:40000: connection refused");
        assertThat(down.events).isEmpty();
    }

    @Test
    void aResetBeforeTheHeaderShouldCloseWithoutAnErrorLine() throws Exception {
        Downstream down = new Downstream();
        EmbeddedChannel ch = channel("10.1.2.3", "any", down);
        ch.pipeline().fireExceptionCaught(new java.io.IOException("Connection reset by peer"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(errors).isEmpty();
        assertThat(down.events).isEmpty();
    }

    @Test
    void anUntrustedClientShouldBeADirectClientWithItsBytesUntouched() throws Exception {
        Downstream down = new Downstream();
        EmbeddedChannel ch = channel("192.0.2.50", "any", down);
        assertThat(down.active).as("greeted at once, as without proxy_protocol").isEqualTo(1);
        ch.writeInbound(ascii("P"));
        ch.writeInbound(ascii("ASS"));
        ch.writeInbound(ascii(" secret\r\n"));
        assertThat(down.text()).isEqualTo("PASS secret\r\n");
        assertThat(ch.pipeline().names()).doesNotContain(PipelineNames.PROXY_GATE);
        assertThat(errors).isEmpty();
    }

    @Test
    void aV1HeaderFromAnUntrustedClientShouldBeRefusedEvenInPieces() throws Exception {
        assertThat(refusal("192.0.2.50", "any", ascii("PRO"), ascii("XY TCP4 198.51.100.1 192.0.2.1 1234 110\r\n")))
                .isEqualTo("PROXY protocol header from untrusted 192.0.2.50:40000 refused "
                        + "(not in proxy_protocol_trusted_networks 10.0.0.0/8,2001:db8::/32)");
    }

    @Test
    void aV2HeaderFromAnUntrustedClientShouldBeRefused() throws Exception {
        assertThat(refusal("192.0.2.50", "v2", v2(HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP4, "198.51.100.1", "192.0.2.1", 1, 2)))
                .startsWith("PROXY protocol header from untrusted 192.0.2.50:40000");
    }

    @Test
    void settingsShouldBePerListenerAndRefuseWhatCannotWork() {
        Settings s = Settings.of(Map.of("proxy_protocol", "v1", "proxy_protocol_trusted_networks", "127.0.0.1",
                "imap4.proxy_protocol", "off", "pop3.proxy_protocol_trusted_networks", "10.0.0.0/8",
                "pop3.proxy_protocol_timeout", "2"));
        ProxyProtocolSettings pop3 = ProxyProtocolSettings.from(s, Protocol.POP3);
        assertThat(pop3.mode()).isEqualTo(ProxyProtocolSettings.Mode.V1);
        assertThat(pop3.trusted().contains(new InetSocketAddress("10.9.9.9", 1))).isTrue();
        assertThat(pop3.trusted().contains(new InetSocketAddress("127.0.0.1", 1))).isFalse();
        assertThat(pop3.timeoutSeconds()).isEqualTo(2);
        assertThat(ProxyProtocolSettings.from(s, Protocol.IMAP4).enabled()).isFalse();
        assertThat(ProxyProtocolSettings.from(s, Protocol.MANAGESIEVE).trusted().contains(new InetSocketAddress("127.0.0.1", 1))).isTrue();
        assertThat(ProxyProtocolSettings.from(Settings.of(Map.of()), Protocol.POP3).enabled()).isFalse();

        assertThatThrownBy(() -> ProxyProtocolSettings.from(Settings.of(Map.of("proxy_protocol", "v2")), Protocol.POP3))
                .hasMessageContaining("proxy_protocol = v2 needs proxy_protocol_trusted_networks");
        assertThatThrownBy(() -> ProxyProtocolSettings.from(Settings.of(Map.of("proxy_protocol", "v3")), Protocol.POP3))
                .hasMessage("proxy_protocol must be off, v1, v2 or any, not v3");
        assertThatThrownBy(() -> ProxyProtocolSettings.from(Settings.of(Map.of("proxy_protocol", "any",
                "proxy_protocol_trusted_networks", "lb.example.com")), Protocol.POP3))
                .hasMessage("proxy_protocol_trusted_networks: not an IP address or CIDR block: lb.example.com");
        assertThatThrownBy(() -> ProxyProtocolSettings.from(Settings.of(Map.of("proxy_protocol", "any",
                "proxy_protocol_trusted_networks", "10.0.0.0/33")), Protocol.POP3))
                .hasMessage("proxy_protocol_trusted_networks: bad prefix length in 10.0.0.0/33");
    }
}
