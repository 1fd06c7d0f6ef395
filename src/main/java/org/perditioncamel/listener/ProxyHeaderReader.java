package org.perditioncamel.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import org.perditioncamel.session.SessionAudit;

/**
 * Reads the PROXY header a trusted balancer sends (decoded by Netty's HAProxyMessageDecoder just before this) and
 * fires {@link AddressesKnown} with the client and destination it names. No header within proxy_protocol_timeout,
 * an invalid one, or a version the listener does not take: a log line, and the connection is closed before any
 * session exists. The bytes after the header (a TLS ClientHello, or nothing) go on to the pipeline unchanged.
 */
final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {
    private final ProxyProtocolSettings.Mode mode;
    private final int timeoutSeconds;
    private final SessionAudit audit;
    private ScheduledFuture<?> timeout;
    private boolean done;

    ProxyHeaderReader(ProxyProtocolSettings.Mode mode, int timeoutSeconds, SessionAudit audit) {
        this.mode = mode;
        this.timeoutSeconds = timeoutSeconds;
        this.audit = audit;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> refuse(ctx, "no PROXY protocol header within "
                + timeoutSeconds + "s"), timeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            // what came after a refused header in the same read: the connection is closing, and nothing after us
            // may see a peer that was refused, neither its bytes (handed on when the decoder leaves) nor a second
            // header the decoder found after an invalid line (found by ProxyHeaderFuzzTest)
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            header(ctx, header);
        } finally {
            header.release();
        }
    }

    private void header(ChannelHandlerContext ctx, HAProxyMessage header) {
        if (!mode.accepts(header.protocolVersion())) {
            refuse(ctx, "PROXY protocol " + header.protocolVersion() + " header where proxy_protocol is "
                    + mode.name().toLowerCase(java.util.Locale.ROOT));
            return;
        }
        AddressesKnown addresses;
        if (header.command() == HAProxyCommand.LOCAL || header.proxiedProtocol() == HAProxyProxiedProtocol.UNKNOWN) {
            // the balancer's own connection (a health check): the socket's addresses, as the specification says
            addresses = AddressesKnown.fromSocket(ctx.channel());
        } else if (header.proxiedProtocol() == HAProxyProxiedProtocol.TCP4 || header.proxiedProtocol() == HAProxyProxiedProtocol.TCP6) {
            addresses = new AddressesKnown(address(header.sourceAddress(), header.sourcePort()),
                    address(header.destinationAddress(), header.destinationPort()));
        } else {
            refuse(ctx, "PROXY protocol header for " + header.proxiedProtocol() + ", not TCP");
            return;
        }
        done = true;
        timeout.cancel(false);
        ctx.fireUserEventTriggered(addresses);
        ctx.pipeline().remove(this);
    }

    /** The decoder checked the literal; no name lookup happens here. */
    private static InetSocketAddress address(String literal, int port) {
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(literal);
        return new InetSocketAddress(address, port);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            // HAProxyMessageDecoder closes the channel itself and reports why here
            // the decoder's message quotes the peer's bytes: no control characters into the log
            refuse(ctx, "invalid PROXY protocol header (" + printable(cause.getMessage()) + ")");
            return;
        }
        // a reset while waiting: nothing to refuse, and no session to tell
        done = true;
        audit.debug("connection from " + ProxyHeaderGate.peer(ctx) + " before its PROXY protocol header: " + cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            done = true;
            // a balancer's plain TCP health check connects and closes: not worth an error line
            audit.debug("connection from " + ProxyHeaderGate.peer(ctx) + " closed before its PROXY protocol header");
        }
        // no session was made, so nothing after us expects channelInactive
    }

    private static String printable(String text) {
        return String.valueOf(text).replaceAll("[^\\x20-\\x7e]", "?");
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        if (done) {
            return;
        }
        done = true;
        audit.error(why + " from trusted " + ProxyHeaderGate.peer(ctx) + ": connection refused");
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
