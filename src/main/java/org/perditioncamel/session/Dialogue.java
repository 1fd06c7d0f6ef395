package org.perditioncamel.session;

import java.util.Map;

import io.netty.channel.ChannelHandlerContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Protocol;

/** The session-dialogue route's bean: finds the session of an exchange and lets its protocol's dialect answer. */
public final class Dialogue {
    private final Map<Protocol, Dialect> dialects;

    public Dialogue(Map<Protocol, Dialect> dialects) {
        this.dialects = dialects;
    }

    /** The session attached to the client channel this exchange came from. */
    public ProxySession session(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.getMessage().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT, ChannelHandlerContext.class);
        return ProxySession.of(ctx.channel());
    }

    /** CONNECTED gets the greeting; a line gets a Reply, or the Credentials that start a login. */
    public Object handle(Exchange exchange) {
        ProxySession session = exchange.getVariable("session", ProxySession.class);
        ClientCommand command = exchange.getMessage().getBody(ClientCommand.class);
        Dialect dialect = dialect(session);
        if (command.getKind() == ClientCommand.Kind.CONNECTED) {
            return dialect.greeting(session);
        }
        if (command.getKind() == ClientCommand.Kind.TLS_ESTABLISHED) {
            return dialect.tlsEstablished(session).asUnsolicited();
        }
        return dialect.handle(session, command);
    }

    /**
     * Any failure inside the routes becomes a clean protocol error and a close, never a stack trace on the wire and
     * never a client left waiting for an answer.
     */
    public Object internalError(Exchange exchange) {
        ProxySession session = exchange.getVariable("session", ProxySession.class);
        if (session == null) {
            session = session(exchange);
        }
        if (session == null) {
            return org.perditioncamel.protocol.Reply.none().thenClose();
        }
        return dialect(session).goodbye(session, "Internal error, mate");
    }

    public Dialect dialect(ProxySession session) {
        Dialect d = dialects.get(session.protocol());
        if (d == null) {
            throw new IllegalStateException("no dialect for " + session.protocol());
        }
        return d;
    }
}
