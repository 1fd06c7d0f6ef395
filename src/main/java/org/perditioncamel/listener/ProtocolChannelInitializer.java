package org.perditioncamel.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import org.apache.camel.component.netty.DefaultServerInitializerFactory;
import org.apache.camel.component.netty.NettyConsumer;
import org.perditioncamel.log.ConnectionLogHandler;
import org.perditioncamel.session.SpliceCounter;

import static org.perditioncamel.session.PipelineNames.*;

/**
 * The client pipeline before login. Inbound: the PROXY protocol gate (proxy_protocol), TLS (implicit), decoder,
 * client-connected (with authenticate_timeout and the login deadline), lockstep, then Camel's "handler"; outbound:
 * encoder. Splice replaces all of it with the relay and perdition's timeout after login (see Splice).
 */
final class ProtocolChannelInitializer extends DefaultServerInitializerFactory {
    private final ListenerContext listener;

    ProtocolChannelInitializer(NettyConsumer consumer, ListenerContext listener) {
        super(consumer);
        this.listener = listener;
    }

    @Override
    protected void initChannel(Channel ch) throws Exception {
        super.initChannel(ch);
        // A client that sends "QUIT" and then FIN must still get its answer (see LockstepHandler).
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        // TCP_NODELAY is on already (Netty's default for its socket channels): setting it again is a system call
        SpliceCounter.install(ch);   // before the first read: the relay may splice after login
        if (listener.tcpKeepalive()) {
            ch.config().setOption(ChannelOption.SO_KEEPALIVE, true);
        }
        ChannelPipeline p = ch.pipeline();
        if (listener.connectionLogging().enabled()) {
            // stays after the splice: perdition's -C also dumps the piped session
            p.addFirst(CONNECTION_LOG, new ConnectionLogHandler("CLIENT", listener.audit()::debug,
                    listener.connectionLogging().showPasswords()));
        }
        p.addBefore(CAMEL, ENCODER, ReplyEncoder.INSTANCE);
        p.addBefore(CAMEL, DECODER, listener.dialect().newDecoder(listener.maxLineLength()));
        p.addBefore(CAMEL, CLIENT_CONNECTED, new ClientConnectedHandler(listener));
        p.addBefore(CAMEL, LOCKSTEP, new LockstepHandler(listener.dialect().goodbye(null, "Too many pipelined commands, mate"),
                listener.startTls() == null ? null : new StartTls(listener.startTls())));
        if (listener.implicitTls() != null) {
            // ssl_listen, POP3S, IMAPS: the handshake comes first; the greeting waits in SslHandler until it is done
            p.addFirst(SSL, listener.implicitTls().newHandler(ch.alloc(), false));
        }
        if (listener.proxyProtocol().enabled()) {
            // before TLS: a balancer's header comes ahead of the ClientHello
            p.addFirst(PROXY_GATE, new ProxyHeaderGate(listener.proxyProtocol(), listener.audit()));
        }
    }
}
