package org.perditioncamel.relay;

import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.session.PipelineNames;
import org.perditioncamel.session.SpliceCounter;

/**
 * Hands a logged-in session from Camel to Netty: writes the client's success line, removes the pre-login
 * handlers and joins the two channels with a {@link RelayHandler} each way. From here on no Camel exchange
 * is created for the session's bytes.
 */
public final class Splice {
    /** Pipeline names of the client side before login; see ProtocolChannelInitializer. */
    private static final String[] CLIENT_PRE_LOGIN = {PipelineNames.CAMEL, PipelineNames.CLIENT_CONNECTED, PipelineNames.LOCKSTEP, PipelineNames.DECODER, PipelineNames.ENCODER};

    private final SessionAudit audit;
    private final int timeoutSeconds;
    private final int connectRelogSeconds;
    private final long errorDelayMillis;
    private final boolean splice;

    /**
     * @param timeoutSeconds      perdition's timeout: idle in both directions after login (0: none)
     * @param connectRelogSeconds perdition's connect_relog: repeat the Auth line while spliced (0: never)
     * @param errorDelayMillis    perdition's error delay, used before ManageSieve's BYE "Timeout"
     * @param splice              relay_splice: large transfers between plaintext epoll sockets go through splice(2)
     */
    public Splice(SessionAudit audit, int timeoutSeconds, int connectRelogSeconds, long errorDelayMillis,
                  boolean splice) {
        this.audit = audit;
        this.timeoutSeconds = timeoutSeconds;
        this.connectRelogSeconds = connectRelogSeconds;
        this.errorDelayMillis = errorDelayMillis;
        this.splice = splice;
    }

    /** Called by the login route; returns at once, the work runs on the client's event loop. */
    public void handOver(ProxySession session, Channel backend, Reply ok, Optional<Reply> onTimeout) {
        Channel client = session.channel();
        client.eventLoop().execute(() -> join(session, client, backend, ok, onTimeout));
    }

    private void join(ProxySession session, Channel client, Channel backend, Reply ok, Optional<Reply> onTimeout) {
        if (!client.isActive() || !backend.isActive()) {
            // one side went away between the login and the splice: the other has nothing to talk to
            backend.close();
            client.close();
            return;
        }
        ChannelPipeline cp = client.pipeline();
        boolean clientInputShutdown = cp.get(PipelineNames.LOCKSTEP) != null && isInputShutdown(client);
        RelayHandler fromClient = new RelayHandler(backend, session.received(), false);
        cp.addLast(PipelineNames.RELAY, fromClient);
        // tail first: each removed handler passes what it still holds (queued commands, undecoded bytes) onwards
        for (String name : CLIENT_PRE_LOGIN) {
            if (PipelineNames.DECODER.equals(name)) {
                client.writeAndFlush(ok);
            }
            if (cp.get(name) != null) {
                cp.remove(name);
            }
        }
        if (timeoutSeconds > 0) {
            // behind TLS, before the relay: its goodbye and its close pass the SslHandler (not plaintext inside a TLS
            // session, and with close_notify), and it still sees every read the relay gets
            cp.addBefore(PipelineNames.RELAY, PipelineNames.IDLE, new SplicedIdleHandler(session, timeoutSeconds, onTimeout));
        }

        ChannelPipeline bp = backend.pipeline();
        RelayHandler fromBackend = new RelayHandler(client, session.sent(), true);
        bp.addLast(PipelineNames.RELAY, fromBackend);
        bp.remove("dialogue");
        bp.remove(PipelineNames.DECODER);
        if (splice) {
            allowSplice(client, fromClient, session.received(), backend, fromBackend, session.sent());
        }

        if (clientInputShutdown) {
            RelayHandler.halfClose(client, backend);
        }
        if (isInputShutdown(backend)) {
            // the backend sent its last bytes and FIN before the splice: the client gets the bytes, then the close
            RelayHandler.endSession(backend, client);
        } else {
            closeAtBackendFin(backend);
        }
        if (connectRelogSeconds > 0) {
            ScheduledFuture<?> relog = client.eventLoop().scheduleAtFixedRate(() -> audit.relog(session),
                    connectRelogSeconds, connectRelogSeconds, TimeUnit.SECONDS);
            client.closeFuture().addListener(f -> relog.cancel(false));
        }
        backend.config().setAutoRead(true);
        client.config().setAutoRead(true);
    }

    /**
     * From the splice on, the backend's FIN ends the session, so its input need not stay half-open: Netty closes the
     * channel at the FIN (RelayHandler.channelInactive hands the client what is queued, then closes it) instead of a
     * shutdown(SHUT_RD) and an epoll_ctl before the close, two system calls of every session's end. During the login
     * it stays half-open (a FIN right after the OK still gets the OK to the client); a splice turns it back on for
     * its drain (RelayHandler.startSplice).
     */
    static void closeAtBackendFin(Channel backend) {
        backend.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
    }

    /**
     * Lets both relay handlers splice when both channels can: plaintext epoll sockets with counting allocators.
     *
     * @return whether they may
     */
    static boolean allowSplice(Channel client, RelayHandler fromClient, AtomicLong received,
                               Channel backend, RelayHandler fromBackend, AtomicLong sent) {
        if (!canSplice(client) || !canSplice(backend)
                || !SpliceCounter.countInto(client, received) || !SpliceCounter.countInto(backend, sent)) {
            return false;
        }
        fromClient.spliceable();
        fromBackend.spliceable();
        return true;
    }

    /**
     * Plaintext on a level-triggered epoll socket (Netty splices only between those, and the mode is set before the
     * channel is registered: see BoundSocket and BackendLogin), nothing in the pipeline that must see the bytes (TLS,
     * connection_logging).
     */
    private static boolean canSplice(Channel ch) {
        return ch instanceof EpollSocketChannel epoll && epoll.config().getEpollMode() == EpollMode.LEVEL_TRIGGERED
                && ch.pipeline().get(SslHandler.class) == null
                && ch.pipeline().get(PipelineNames.CONNECTION_LOG) == null;
    }

    private static boolean isInputShutdown(Channel ch) {
        return ch instanceof io.netty.channel.socket.DuplexChannel d && d.isInputShutdown();
    }

    /**
     * perdition's timeout: no bytes either way for that long ends the session ("Timeout piping data."). Spliced
     * bytes pass no handler, so the session's byte counts are looked at too: if they moved, it is not idle.
     */
    final class SplicedIdleHandler extends IdleStateHandler {
        private final ProxySession session;
        private final Optional<Reply> onTimeout;
        private long bytesSeen;

        SplicedIdleHandler(ProxySession session, int seconds, Optional<Reply> onTimeout) {
            super(0, 0, seconds);
            this.session = session;
            this.onTimeout = onTimeout;
            this.bytesSeen = bytes();
        }

        private long bytes() {
            return session.received().get() + session.sent().get();
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
            long now = bytes();
            if (now != bytesSeen) {
                bytesSeen = now;
                return;
            }
            audit.info("Timeout piping data.");
            if (onTimeout.isEmpty()) {
                ctx.close();
                return;
            }
            // ManageSieve: perdition's delayed BYE "Timeout" (§8), written below the relay as raw bytes
            Reply bye = onTimeout.get();
            ctx.executor().schedule(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(bye.bytes()))
                    .addListener(ChannelFutureListener.CLOSE), bye.delayed() ? errorDelayMillis : 0, TimeUnit.MILLISECONDS);
        }
    }
}
