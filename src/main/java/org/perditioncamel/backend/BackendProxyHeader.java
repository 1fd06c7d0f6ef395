package org.perditioncamel.backend;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.ReferenceCountUtil;

import static org.perditioncamel.session.PipelineNames.PROXY_ENCODER;
import static org.perditioncamel.session.PipelineNames.PROXY_SENDER;

/**
 * Writes the PROXY header as the first bytes of a backend connection, before a TLS ClientHello or the backend's
 * greeting is read, then takes itself and the encoder out. {@link #install} puts both at the head of the pipeline.
 */
final class BackendProxyHeader extends ChannelInboundHandlerAdapter {
    private HAProxyMessage header;

    private BackendProxyHeader(HAProxyMessage header) {
        this.header = header;
    }

    /** Call last while building the pipeline, so the header goes out ahead of every other handler's first write. */
    static void install(io.netty.channel.ChannelPipeline p, HAProxyMessage header) {
        p.addFirst(PROXY_SENDER, new BackendProxyHeader(header));
        p.addFirst(PROXY_ENCODER, HAProxyMessageEncoder.INSTANCE);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Object h = header;
        header = null;
        if (((HAProxyMessage) h).protocolVersion() == HAProxyProtocolVersion.V1
                && ((HAProxyMessage) h).proxiedProtocol() == HAProxyProxiedProtocol.UNKNOWN) {
            // Netty's encoder writes v1 only with addresses; the specification's line for "no addresses" is this
            ReferenceCountUtil.release(h);
            h = Unpooled.copiedBuffer("PROXY UNKNOWN\r\n", StandardCharsets.US_ASCII);
        }
        // ctx.write goes only through the handlers in front of this one: the encoder, then the socket
        ctx.writeAndFlush(h).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
        ctx.fireChannelActive();
        ctx.pipeline().remove(PROXY_ENCODER);
        ctx.pipeline().remove(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (header != null) {
            ReferenceCountUtil.release(header);   // never connected
            header = null;
        }
    }
}
