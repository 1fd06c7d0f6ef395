package org.perditioncamel.backend;

import java.util.concurrent.CompletableFuture;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.perditioncamel.session.SessionAudit;

/** Drives a {@link BackendDialogue} over the backend channel and completes the login future once. */
final class BackendConversationHandler extends SimpleChannelInboundHandler<String> {
    private final BackendDialogue dialogue;
    private final CompletableFuture<LoginResult> result;
    private final BackendLineDecoder decoder;
    private final SessionAudit audit;
    private final String where;

    BackendConversationHandler(BackendDialogue dialogue, CompletableFuture<LoginResult> result, BackendLineDecoder decoder,
                               SessionAudit audit, String where) {
        this.dialogue = dialogue;
        this.result = result;
        this.decoder = decoder;
        this.audit = audit;
        this.where = where;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        if (result.isDone()) {
            return;
        }
        BackendDialogue.Step step = dialogue.onLine(line);
        if (step instanceof BackendDialogue.Send send) {
            for (String l : send.lines()) {
                ctx.write(ctx.alloc().buffer().writeBytes((l + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
            ctx.flush();
        } else if (step instanceof BackendDialogue.LoggedIn ok) {
            decoder.stop();
            ctx.channel().config().setAutoRead(false);
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
        if (!result.isDone()) {
            audit.error("Fatal error: backend " + where + " during login: " + cause.getMessage());
            result.complete(new LoginResult.Failed(BackendDialogue.CONNECTION_NEGOTIATION_FAILURE, null));
        }
        ctx.close();
    }
}
