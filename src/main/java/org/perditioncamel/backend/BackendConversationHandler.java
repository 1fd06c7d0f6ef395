package org.perditioncamel.backend;

import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.AttributeKey;
import org.perditioncamel.log.Reasons;
import org.perditioncamel.session.SessionAudit;

/** Drives a {@link BackendDialogue} over the backend channel and completes the login future once. */
final class BackendConversationHandler extends SimpleChannelInboundHandler<String> {
    /** Why the connect failed, when the pipeline saw it before the connect's own future did. */
    static final AttributeKey<Throwable> CONNECT_FAILURE = AttributeKey.valueOf("perdition.backendConnectFailure");

    private final BackendDialogue dialogue;
    private final CompletableFuture<LoginResult> result;
    private final BackendLineDecoder decoder;
    private final SessionAudit audit;
    private final String where;
    private final Runnable startTls;

    /** @param startTls puts TLS on the backend channel; it calls {@link #tlsEstablished} when the handshake is done */
    BackendConversationHandler(BackendDialogue dialogue, CompletableFuture<LoginResult> result, BackendLineDecoder decoder,
                               SessionAudit audit, String where, Runnable startTls) {
        this.dialogue = dialogue;
        this.result = result;
        this.decoder = decoder;
        this.audit = audit;
        this.where = where;
        this.startTls = startTls;
    }

    /** Between the backend's STARTTLS "go ahead" and the handshake: plaintext lines are injected, not replies. */
    private boolean awaitingTls;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        if (result.isDone() || awaitingTls) {
            return;
        }
        perform(ctx, dialogue.onLine(line));
    }

    /** The STARTTLS handshake with the backend succeeded. */
    void tlsEstablished(ChannelHandlerContext ctx) {
        awaitingTls = false;
        if (!result.isDone()) {
            perform(ctx, dialogue.onTlsEstablished());
        }
    }

    /**
     * The backend's TLS (implicit or STARTTLS) failed: a negotiation failure, never plaintext credentials.
     *
     * @param reason in one short line, {@link BackendSsl#describeFailure}
     */
    void tlsFailed(ChannelHandlerContext ctx, String reason) {
        if (!result.isDone()) {
            audit.error("Fatal error establishing SSL connection to backend " + where + ": " + reason);
            result.complete(new LoginResult.Failed(BackendDialogue.CONNECTION_NEGOTIATION_FAILURE, null));
        }
        ctx.close();
    }

    private void perform(ChannelHandlerContext ctx, BackendDialogue.Step step) {
        if (step instanceof BackendDialogue.StartTls) {
            if (startTls == null) {
                tlsFailed(ctx, "no TLS configured for the backend");
            } else {
                awaitingTls = true;
                decoder.discardBuffered();
                startTls.run();
            }
        } else if (step instanceof BackendDialogue.Send send) {
            for (String l : send.lines()) {
                ctx.write(ctx.alloc().buffer().writeBytes((l + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
            ctx.flush();
        } else if (step instanceof BackendDialogue.LoggedIn ok) {
            // Reading goes on (pausing and resuming would cost two epoll_ctl calls per login): the splice is the
            // next task of this event loop, and until then the stopped decoder keeps what the backend sends.
            decoder.stop();
            result.complete(new LoginResult.LoggedIn(ctx.channel(), ok.finalLine(), ok.toClient()));
        } else if (step instanceof BackendDialogue.Failed failed) {
            decoder.stop();
            audit.debug(failed.logDetail() + " (" + where + ")");
            if (failed.goodbye() != null) {
                ctx.writeAndFlush(ctx.alloc().buffer().writeBytes((failed.goodbye() + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
            result.complete(new LoginResult.Failed(failed.reason(), failed.finalLine()));
        }
    }

    /**
     * The backend closed its side during the login (Dovecot's "* BYE Literal size too large", a crash): the
     * attempt fails now, not at backend_login_timeout. After a successful login the FIN waits for the splice.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent && !result.isDone()) {
            audit.error("Fatal error: backend " + where + " closed the connection during login");
            result.complete(new LoginResult.Failed(BackendDialogue.CONNECTION_NEGOTIATION_FAILURE, null));
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!result.isDone()) {
            audit.error("Fatal error: backend " + where + " closed the connection during login");
            result.complete(new LoginResult.Failed(BackendDialogue.CONNECTION_NEGOTIATION_FAILURE, null));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ctx.channel().isActive() && !result.isDone()) {
            // still connecting (a read of the socket before it was connected, say): the connect fails with this
            // reason, and the next address of the host is tried
            ctx.channel().attr(CONNECT_FAILURE).set(new ConnectException(
                    "the socket failed before it was connected (" + Reasons.of(cause) + ")"));
            ctx.close();
            return;
        }
        if (!result.isDone()) {
            audit.error("Fatal error: backend " + where + " during login: " + Reasons.of(cause));
            result.complete(new LoginResult.Failed(BackendDialogue.CONNECTION_NEGOTIATION_FAILURE, null));
        }
        ctx.close();
    }
}
