package org.perditioncamel.listener;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import org.perditioncamel.session.NumericAddress;
import org.perditioncamel.session.SessionAudit;

import static org.perditioncamel.session.PipelineNames.PROXY_DECODER;
import static org.perditioncamel.session.PipelineNames.PROXY_READER;

/**
 * First handler of a listener with proxy_protocol, ahead of TLS (the header precedes the ClientHello). A peer in
 * proxy_protocol_trusted_networks must send a header: the decoder and {@link ProxyHeaderReader} take over and the
 * session waits for the addresses it names. Anyone else is a direct client and keeps its socket's addresses; if its
 * first bytes are a PROXY header it is refused, so nobody outside the trusted networks can pose as a balancer.
 */
final class ProxyHeaderGate extends ChannelInboundHandlerAdapter {
    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private final ProxyProtocolSettings settings;
    private final SessionAudit audit;
    /** A direct client's first bytes while they could still be the start of a header (12 bytes at most). */
    private ByteBuf held;

    ProxyHeaderGate(ProxyProtocolSettings settings, SessionAudit audit) {
        this.settings = settings;
        this.audit = audit;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (settings.trusted().contains(ctx.channel().remoteAddress())) {
            ChannelPipeline p = ctx.pipeline();
            p.addAfter(ctx.name(), PROXY_DECODER, new HAProxyMessageDecoder());
            p.addAfter(PROXY_DECODER, PROXY_READER, new ProxyHeaderReader(settings.mode(), settings.timeoutSeconds(), audit));
            p.remove(this);
            return;   // no channelActive: ClientConnectedHandler waits for the header's AddressesKnown
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (held == null) {
            held = ctx.alloc().buffer(V2.length);
        }
        held.writeBytes(bytes, bytes.readerIndex(), Math.min(bytes.readableBytes(), V2.length));
        boolean maybeV1 = startsLike(held, V1);
        boolean maybeV2 = startsLike(held, V2);
        if (maybeV1 && held.readableBytes() >= V1.length || maybeV2 && held.readableBytes() >= V2.length) {
            bytes.release();
            releaseHeld();
            audit.error("PROXY protocol header from untrusted " + peer(ctx) + " refused (not in "
                    + "proxy_protocol_trusted_networks " + settings.trusted() + ")");
            ctx.close();
            return;
        }
        if (maybeV1 || maybeV2) {
            // too few bytes to tell, all of them now in held (fewer than a signature): wait for more
            bytes.release();
            return;
        }
        // not a header: everything read so far goes on as it came, and this gate is done
        int before = held.readableBytes() - Math.min(bytes.readableBytes(), V2.length);
        ByteBuf out = ctx.alloc().buffer(before + bytes.readableBytes());
        out.writeBytes(held, held.readerIndex(), before);
        out.writeBytes(bytes);
        bytes.release();
        releaseHeld();
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(out);
    }

    private static boolean startsLike(ByteBuf buf, byte[] signature) {
        int n = Math.min(buf.readableBytes(), signature.length);
        for (int i = 0; i < n; i++) {
            if (buf.getByte(buf.readerIndex() + i) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** The socket's peer as log lines spell it. */
    static String peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? NumericAddress.of(a.getAddress()) + ":" + a.getPort() : String.valueOf(ctx.channel().remoteAddress());
    }

    /** For the fuzz target's memory bound. */
    int heldBytes() {
        return held == null ? 0 : held.readableBytes();
    }

    private void releaseHeld() {
        if (held != null) {
            ReferenceCountUtil.safeRelease(held);
            held = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }
}
