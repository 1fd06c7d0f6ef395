package org.perditioncamel.listener;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.session.NumericAddress;
import org.perditioncamel.session.Security;

/**
 * Turns "addresses known" into a session and one routed CONNECTED command, so the route writes the greeting (the
 * server speaks first in all three protocols). The addresses are the socket's, known at channelActive; a handler in
 * front that learns them later (a PROXY protocol header) swallows channelActive and fires {@link AddressesKnown}
 * instead. It also enforces connection_limit, the overall login deadline and authenticate_timeout (counted only while
 * the client owes the next command, see {@link LockstepHandler}), and reports the session's end exactly once.
 */
public final class ClientConnectedHandler extends ChannelInboundHandlerAdapter {
    private final ListenerContext listener;
    private ScheduledFuture<?> deadline;

    public ClientConnectedHandler(ListenerContext listener) {
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        addressesKnown(ctx, AddressesKnown.fromSocket(ctx.channel()));
    }

    private void addressesKnown(ChannelHandlerContext ctx, AddressesKnown addresses) {
        ProxySession session = ProxySession.accepted(listener.protocol(), ctx.channel(), addresses.client(), addresses.local());
        ctx.channel().attr(ProxySession.KEY).set(session);
        if (listener.implicitTls() != null) {
            session.clientSecure(Security.SSL);
        }
        SessionAudit audit = listener.audit();
        if (!listener.admit()) {
            // perdition 2.2's parent exits here (reference §12); we say why and keep serving everyone else
            ctx.fireChannelActive();
            audit.error("Connection limit of " + listener.connectionLimit() + " reached, refusing " + NumericAddress.fromTo(session));
            ctx.writeAndFlush(listener.dialect().goodbye(session, "Too many connections, mate"))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.channel().closeFuture().addListener(f -> {
            listener.release();
            audit.closed(session);
        });
        audit.connected(session);
        if (listener.loginDeadlineSeconds() > 0) {
            deadline = ctx.executor().schedule(() -> expire(ctx, session, "Login deadline of " + listener.loginDeadlineSeconds() + "s passed"),
                    listener.loginDeadlineSeconds(), TimeUnit.SECONDS);
        }
        ctx.fireChannelActive();                           // camel-netty registers the channel first
        CompletableFuture<?> named = listener.greetingNamed(addresses.local());
        if (named.isDone()) {
            ctx.fireChannelRead(ClientCommand.connected());    // then the route sees CONNECTED and greets
            return;
        }
        // The first connection to this local address: the greeting names it by reverse DNS, looked up off the event
        // loop (the route runs here). Nothing is read meanwhile, so the greeting still comes first.
        ctx.channel().config().setAutoRead(false);
        named.whenComplete((name, failure) -> ctx.executor().execute(() -> {
            if (!ctx.isRemoved() && ctx.channel().isActive()) {
                ctx.channel().config().setAutoRead(true);
                ctx.fireChannelRead(ClientCommand.connected());
            }
        }));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof AddressesKnown addresses) {
            addressesKnown(ctx, addresses);
            return;
        }
        if (evt instanceof IdleStateEvent) {
            LockstepHandler lockstep = ctx.pipeline().get(LockstepHandler.class);
            if (lockstep != null && lockstep.awaitingAnswer()) {
                // the client waits for us (popmap lookup, backend login, error_delay), it is not idle; each of those is
                // bounded (backend_login_timeout answers with the attempt's failure), so it must not end in a silent close
                return;
            }
            ProxySession session = ProxySession.of(ctx.channel());
            expire(ctx, session, "Timeout reading authentication information");
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void expire(ChannelHandlerContext ctx, ProxySession session, String why) {
        if (session != null && !session.loggedIn() && ctx.channel().isActive()) {
            // perdition closes silently here and logs at ERR (reference §12)
            listener.audit().error("Fatal Error: " + why + " from client " + NumericAddress.fromTo(session) + ": Exiting child");
            ctx.close();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a broken client must not reach camel-netty's handler, which logs a stack trace per client.
        ProxySession session = ProxySession.of(ctx.channel());
        listener.audit().debug("client " + (session == null ? "" : NumericAddress.fromTo(session)) + ": " + cause);
        ctx.close();
    }
}
