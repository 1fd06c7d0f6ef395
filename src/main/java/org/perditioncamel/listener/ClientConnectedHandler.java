package org.perditioncamel.listener;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
 * the client owes the next command, see {@link LockstepHandler}; both in {@link LoginTimeouts}), and reports the
 * session's end exactly once.
 */
public final class ClientConnectedHandler extends ChannelInboundHandlerAdapter {
    private final ListenerContext listener;
    private final LongSupplier clock;
    private LoginTimeouts timeouts;

    public ClientConnectedHandler(ListenerContext listener) {
        this(listener, System::nanoTime);
    }

    /** @param clock nanoseconds, for authenticate_timeout and the login deadline */
    ClientConnectedHandler(ListenerContext listener, LongSupplier clock) {
        this.listener = listener;
        this.clock = clock;
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
        timeouts = LoginTimeouts.start(ctx, clock, listener.authenticateTimeoutSeconds(), listener.loginDeadlineSeconds(),
                () -> awaitingAnswer(ctx), why -> expire(ctx, session, why));
        ctx.fireChannelActive();                           // camel-netty registers the channel first
        CompletableFuture<?> named = listener.localNamed(addresses.local());
        if (named.isDone()) {
            ctx.fireChannelRead(ClientCommand.connected());    // then the route sees CONNECTED and greets
            return;
        }
        // The first connection to this local address: the greeting (and add_domain) name it by reverse DNS, looked up
        // off the event loop (the route runs here). Nothing is read meanwhile, so the greeting still comes first.
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
        super.userEventTriggered(ctx, evt);
    }

    /**
     * The client waits for us (popmap lookup, backend login, error_delay): it is not idle. Each of those is bounded
     * (backend_login_timeout answers with the attempt's failure), so it must not end in a silent close.
     */
    private static boolean awaitingAnswer(ChannelHandlerContext ctx) {
        LockstepHandler lockstep = ctx.pipeline().get(LockstepHandler.class);
        return lockstep != null && lockstep.awaitingAnswer();
    }

    /** Input came (whole lines or not: a read is a read, as for perdition's read timeout). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        restartAuthenticateTimeout();
        ctx.fireChannelReadComplete();
    }

    /** Input came, or the client got its answer: authenticate_timeout counts from now. */
    void restartAuthenticateTimeout() {
        if (timeouts != null) {
            timeouts.restart();
        }
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
        if (timeouts != null) {
            timeouts.cancel();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a broken client must not reach camel-netty's handler, which logs a stack trace per client.
        ProxySession session = ProxySession.of(ctx.channel());
        listener.audit().debug("client " + (session == null ? "" : NumericAddress.fromTo(session)) + ": " + reason(cause));
        ctx.close();
    }

    /**
     * Netty's NotSslRecordException carries a hex dump of what arrived, and its DecoderException repeats it: plaintext
     * sent after STARTTLS, or to a TLS port, is often a LOGIN with its password.
     */
    static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.netty.handler.ssl.NotSslRecordException) {
                return "plaintext where TLS was expected (not shown)";
            }
        }
        return cause.toString();
    }
}
