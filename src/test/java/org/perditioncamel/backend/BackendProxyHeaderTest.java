package org.perditioncamel.backend;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.PipelineNames;
import org.perditioncamel.session.Protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** backend_proxy_protocol: the header is the first thing written, ahead of what the next handler writes first. */
class BackendProxyHeaderTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("203.0.113.7", 51000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 143);

    /** Writes on channelActive as an SslHandler writes its ClientHello. */
    static final class FirstWriter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.copiedBuffer("HELLO", StandardCharsets.US_ASCII));
        }
    }

    private static EmbeddedChannel backend(HAProxyMessage header) throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(false, false);
        ch.pipeline().addLast(new FirstWriter());
        BackendProxyHeader.install(ch.pipeline(), header);
        ch.register();
        return ch;
    }

    private static String outbound(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
        }
        return out.toString();
    }

    @Test
    void v1ShouldWriteTheClientsAddressFirstAndLeaveThePipeline() throws Exception {
        EmbeddedChannel ch = backend(BackendProxyProtocol.V1.header(CLIENT, LOCAL));
        assertThat(outbound(ch)).isEqualTo("PROXY TCP4 203.0.113.7 192.0.2.1 51000 143\r\nHELLO");
        assertThat(ch.pipeline().names()).doesNotContain(PipelineNames.PROXY_SENDER, PipelineNames.PROXY_ENCODER);
    }

    @Test
    void v2ShouldDecodeBackToTheSameAddresses() throws Exception {
        EmbeddedChannel ch = backend(BackendProxyProtocol.V2.header(new InetSocketAddress("2001:db8::5", 40000), LOCAL));
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) {
            all.writeBytes(b);
        }
        EmbeddedChannel server = new EmbeddedChannel(new HAProxyMessageDecoder());
        server.writeInbound(all);
        HAProxyMessage decoded = server.readInbound();
        try {
            // one family for both ends: the IPv4 listener address is written IPv4-mapped
            assertThat(decoded.sourceAddress()).isEqualTo("2001:db8:0:0:0:0:0:5");
            assertThat(decoded.destinationAddress()).isEqualTo("0:0:0:0:0:ffff:c000:201");
            assertThat(decoded.sourcePort()).isEqualTo(40000);
            assertThat(decoded.destinationPort()).isEqualTo(143);
        } finally {
            decoded.release();
        }
        ByteBuf rest = server.readInbound();
        assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo("HELLO");
        rest.release();
    }

    @Test
    void unknownAddressesShouldSayUnknown() throws Exception {
        assertThat(outbound(backend(BackendProxyProtocol.V1.header(null, null)))).isEqualTo("PROXY UNKNOWN\r\nHELLO");
        String v2 = ByteBufUtil.hexDump(Unpooled.copiedBuffer(outbound(backend(BackendProxyProtocol.V2.header(null, null))),
                StandardCharsets.ISO_8859_1));
        assertThat(v2).startsWith("0d0a0d0a000d0a515549540a" + "20" + "00");   // version 2, LOCAL, AF_UNSPEC
    }

    @Test
    void settingShouldBePerProtocolAndRefuseUnknownValues() {
        Settings s = Settings.of(Map.of("backend_proxy_protocol", "v2", "pop3.backend_proxy_protocol", "v1"));
        assertThat(BackendProxyProtocol.from(s, Protocol.POP3)).isEqualTo(BackendProxyProtocol.V1);
        assertThat(BackendProxyProtocol.from(s, Protocol.IMAP4)).isEqualTo(BackendProxyProtocol.V2);
        assertThat(BackendProxyProtocol.from(Settings.of(Map.of()), Protocol.IMAP4)).isEqualTo(BackendProxyProtocol.OFF);
        assertThatThrownBy(() -> BackendProxyProtocol.from(Settings.of(Map.of("backend_proxy_protocol", "yes please")), Protocol.POP3))
                .hasMessage("backend_proxy_protocol must be off, v1 or v2, not yes please");
    }
}
