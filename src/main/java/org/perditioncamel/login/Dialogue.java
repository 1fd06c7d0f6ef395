package org.perditioncamel.login;

import java.util.Map;

import io.netty.channel.ChannelHandlerContext;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.camel.component.netty.NettyConstants;
import org.perditioncamel.protocol.Answer;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Dialect;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;

/** The session-dialogue route's bean: finds the session of an exchange and lets its protocol's dialect answer. */
public final class Dialogue {
    private final Map<Protocol, Dialect> dialects;

    public Dialogue(Map<Protocol, Dialect> dialects) {
        this.dialects = Map.copyOf(dialects);
    }

    /** The session attached to the client channel this exchange came from. */
    public ProxySession session(@Header(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT) ChannelHandlerContext ctx) {
        return ctx == null ? null : ProxySession.of(ctx.channel());
    }

    /** CONNECTED gets the greeting; a line gets a Reply, or a LoginRequest that starts a login. */
    public Answer handle(@Variable("session") ProxySession session, @Body ClientCommand command) {
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
    public Reply internalError(@Variable("session") ProxySession session,
                               @Header(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT) ChannelHandlerContext ctx) {
        ProxySession s = session != null ? session : session(ctx);
        if (s == null) {
            return Reply.none().thenClose();
        }
        return dialect(s).goodbye(s, "Internal error, mate");
    }

    public Dialect dialect(ProxySession session) {
        Dialect d = dialects.get(session.protocol());
        if (d == null) {
            throw new IllegalStateException("no dialect for " + session.protocol());
        }
        return d;
    }
}
