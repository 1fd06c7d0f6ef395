package org.perditioncamel.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * Paces a client to the proxy's replies before login, for a handler that passes client commands on: the decoders
 * that frame literals ({@link ReplyPacedDecoder}) and the listener's lockstep. Route steps run asynchronously (the
 * error delay, the backend login), so without it a later command could overtake an earlier one. One instance per
 * handler and connection, driven on the event loop only.
 *
 * <ul>
 * <li>One command in flight: after {@link #sent()} the owner passes nothing more on until {@link #answered} gets
 *     the reply to it. The owner decides which replies answer: a decoder skips the unsolicited ones (what follows a
 *     TLS handshake answers the lockstep's TLS_ESTABLISHED, not a command the decoder emitted).</li>
 * <li>A closing reply (QUIT, LOGOUT, a limit, an error) ends the pacing: the command stays in flight for good, so
 *     nothing after it runs (no login after LOGOUT, no Auth line after Close), and reading is left as it is.</li>
 * <li>Bounded memory: while a command is in flight and more than {@code pauseAbove} bytes wait behind it, the
 *     channel stops reading; it reads again once no more than that wait or nothing is in flight ({@link #backlog}),
 *     and when the owner leaves the pipeline ({@link #stop}). Nor is it read while it is not writable (its replies
 *     beyond the write buffer's high-water mark wait unsent, {@link #writabilityChanged}): a client that sends
 *     commands and never reads the replies would otherwise fill the proxy's memory with them. The decoder's and
 *     the lockstep's pacings pause one channel for their own reasons: it reads only when neither does
 *     ({@link ReadPauses}).</li>
 * <li>Half-close: the client's FIN ({@link ChannelInputShutdownEvent}) that arrives while a command is in flight is
 *     held, and is due once nothing is in flight any more, so a client that sends "QUIT" and then FIN still gets
 *     every answer. Commands it sent before the FIN are passed on, and answered, before the FIN is due.</li>
 * </ul>
 *
 * STARTTLS is not paced here: {@code StartTls} drops what the client sent after the command in plaintext, from the
 * decoder's cumulation and the lockstep's queue, and its reply then answers the command like any other.
 */
public final class ReplyPacing {
    private final int pauseAbove;
    private boolean inFlight;
    private boolean closing;
    private boolean paused;
    private boolean inputShutdownHeld;
    /** The bytes waiting behind the command in flight, as last told by {@link #backlog}. */
    private int waiting;

    /** @param pauseAbove bytes waiting behind the command in flight beyond which reading pauses */
    public ReplyPacing(int pauseAbove) {
        this.pauseAbove = pauseAbove;
    }

    /** A command was passed on: nothing more until it is answered. */
    public void sent() {
        inFlight = true;
    }

    public boolean inFlight() {
        return inFlight;
    }

    /**
     * The reply to the command in flight was written.
     *
     * @return false if it closes the session, so nothing may be passed on after it
     */
    public boolean answered(Reply reply) {
        if (reply.close()) {
            closing();
        }
        if (closing) {
            return false;
        }
        inFlight = false;
        return true;
    }

    /** The proxy ends the session on its own (e.g. too many pipelined commands): nothing after this runs. */
    public void closing() {
        closing = true;
        inFlight = true;
    }

    /** {@code bytes} now wait behind the command in flight: reading pauses or resumes to match. */
    public void backlog(ChannelHandlerContext ctx, int bytes) {
        waiting = bytes;
        apply(ctx);
    }

    /** The channel's writability changed: reading pauses while the client does not take its replies. */
    public void writabilityChanged(ChannelHandlerContext ctx) {
        apply(ctx);
    }

    private void apply(ChannelHandlerContext ctx) {
        if (closing) {
            return;
        }
        boolean flooded = inFlight && waiting > pauseAbove || !ctx.channel().isWritable();
        if (flooded != paused) {
            paused = flooded;
            if (flooded) {
                ReadPauses.of(ctx.channel()).pause(ctx.channel());
            } else {
                ReadPauses.of(ctx.channel()).resume(ctx.channel());
            }
        }
    }

    public boolean paused() {
        return paused;
    }

    /** The owner leaves the pipeline: whoever takes over reads again. */
    public void stop(ChannelHandlerContext ctx) {
        if (paused) {
            paused = false;
            ReadPauses.of(ctx.channel()).resume(ctx.channel());
        }
    }

    /** @return true if {@code evt} is the client's FIN and has to wait for the answer to the command in flight */
    public boolean holdInputShutdown(Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && inFlight) {
            inputShutdownHeld = true;
            return true;
        }
        return false;
    }

    /** @return true once, if a held FIN may now be passed on (nothing is in flight) */
    public boolean inputShutdownDue() {
        if (!inputShutdownHeld || inFlight) {
            return false;
        }
        inputShutdownHeld = false;
        return true;
    }
}
