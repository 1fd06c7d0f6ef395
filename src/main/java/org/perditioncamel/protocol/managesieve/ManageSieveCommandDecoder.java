package org.perditioncamel.protocol.managesieve;

import org.perditioncamel.protocol.ReplyPacedDecoder;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Reply;

/**
 * Frames ManageSieve client input before login into one {@link ClientCommand} per command, literal data
 * included: a line ending in {@code {n+}} or {@code {n}} continues after n octets (RFC 5804 section 4).
 *
 * <p>No continuation is ever written. RFC 5804 clients send only non-synchronising {@code {n+}} literals, and
 * ManageSieve has no continuation response; perdition reads {@code {n}} from clients the same way, so both
 * are taken as announced.
 *
 * <p>One command at a time: after emitting a command the decoder decodes nothing more until a {@link Reply}
 * passes it on the way out. Whatever the client sent after a successful AUTHENTICATE therefore stays
 * undecoded in the cumulation, which the splice hands to the backend byte for byte when it removes this
 * handler: a PUTSCRIPT pipelined after {@code AUTHENTICATE "PLAIN" "…"} (allowed by RFC 5804 section 2) is
 * never cut to the pre-login limits. While it waits, reading stops once a command's worth of bytes is
 * buffered.
 *
 * <p>A command longer than {@code maxCommandLength} (lines and literal data together) is reported once as
 * TOO_LONG as soon as that is known, and its remaining bytes, a huge literal included, are skipped as they
 * arrive; only the last few bytes of a line are kept, to find a literal announced at its end.
 */
public final class ManageSieveCommandDecoder extends ReplyPacedDecoder {
    private static final int TAIL = LiteralHeader.MAX_ENDING;

    private final int limit;

    /** Bytes from the reader index that belong to the command being framed. */
    private int scanned;
    /** Literal octets still to come: to frame, or to skip while discarding. */
    private long literalRemaining;
    /** The current line follows literal data, so it must not start with a new literal. */
    private boolean continuation;

    /** An overlong command is being skipped; TOO_LONG was already emitted. */
    private boolean discarding;
    private final byte[] tail = new byte[TAIL];
    private int tailLength;
    private long discardedLineLength;

    private boolean held;
    private boolean resumeScheduled;
    private boolean readsPaused;
    private boolean inputShutdownPending;
    private boolean removed;

    /** @param maxCommandLength the longest command (lines and literal data, without the last CRLF) */
    public ManageSieveCommandDecoder(int maxCommandLength) {
        this.limit = maxCommandLength + 2;
    }

    /** STARTTLS: what the client sent after the command in plaintext is dropped, with any framing state. */
    @Override
    public void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
        scanned = 0;
        literalRemaining = 0;
        continuation = false;
        discarding = false;
        tailLength = 0;
        discardedLineLength = 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            // skipping emits nothing, so it goes on while a command waits: memory stays small under a flood
            discard(in);
            return;
        }
        if (!held) {
            frame(in, out);
        }
    }

    private void frame(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        while (true) {
            if (literalRemaining > 0) {
                long take = Math.min(in.readableBytes() - scanned, literalRemaining);
                scanned += (int) take;
                literalRemaining -= take;
                if (literalRemaining > 0) {
                    return;
                }
            }
            int lf = in.indexOf(start + scanned, in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() > limit) {
                    in.skipBytes(scanned);
                    tooLong(out);
                    rememberTail(in, in.readerIndex(), in.writerIndex(), 0);
                    in.skipBytes(in.readableBytes());
                }
                return;
            }
            int end = lf + 1 - start;
            LiteralHeader header = header(in, start + scanned, lf);
            long length = end + (header == null ? 0 : header.length());
            if (length > limit) {
                in.readerIndex(lf + 1);
                tooLong(out);
                if (header == null) {
                    // the whole command is already consumed: nothing left to skip
                    discarding = false;
                    continuation = false;
                    return;
                }
                literalRemaining = header.length();
                continuation = true;
                discard(in);
                return;
            }
            if (header == null) {
                byte[] raw = new byte[end];
                in.readBytes(raw);
                scanned = 0;
                continuation = false;
                held = true;
                out.add(ClientCommand.line(raw));
                return;
            }
            scanned = end;
            literalRemaining = header.length();
            continuation = true;
        }
    }

    private LiteralHeader header(ByteBuf in, int from, int lf) {
        int n = Math.min(TAIL, lf - from);
        byte[] ending = new byte[n];
        in.getBytes(lf - n, ending);
        return LiteralHeader.find(ending, 0, n, !continuation && n == lf - from);
    }

    private void tooLong(List<Object> out) {
        scanned = 0;
        tailLength = 0;
        discardedLineLength = 0;
        discarding = true;
        held = true;
        out.add(ClientCommand.tooLong());
    }

    /** Skips the rest of an overlong command: its literal data and lines, following literals they announce. */
    private void discard(ByteBuf in) {
        while (true) {
            if (literalRemaining > 0) {
                int skip = (int) Math.min(in.readableBytes(), literalRemaining);
                in.skipBytes(skip);
                literalRemaining -= skip;
                if (literalRemaining > 0) {
                    return;
                }
                continuation = true;
                tailLength = 0;
                discardedLineLength = 0;
            }
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                rememberTail(in, in.readerIndex(), in.writerIndex(), discardedLineLength);
                in.skipBytes(in.readableBytes());
                return;
            }
            rememberTail(in, in.readerIndex(), lf, discardedLineLength);
            LiteralHeader header = LiteralHeader.find(tail, 0, tailLength,
                    !continuation && discardedLineLength == tailLength);
            in.readerIndex(lf + 1);
            tailLength = 0;
            discardedLineLength = 0;
            if (header == null) {
                discarding = false;
                continuation = false;
                return;
            }
            literalRemaining = header.length();
            continuation = true;
        }
    }

    /** Keeps the last bytes of a line being skipped; {@code before} bytes of it were skipped already. */
    private void rememberTail(ByteBuf in, int from, int to, long before) {
        int n = to - from;
        if (n >= TAIL) {
            in.getBytes(to - TAIL, tail, 0, TAIL);
            tailLength = TAIL;
        } else {
            int keep = Math.min(tailLength, TAIL - n);
            System.arraycopy(tail, tailLength - keep, tail, 0, keep);
            in.getBytes(from, tail, keep, n);
            tailLength = keep + n;
        }
        discardedLineLength = before + n;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        pauseIfFlooded(ctx);
    }

    /** Backpressure instead of an unbounded cumulation while a command waits for its reply. */
    private void pauseIfFlooded(ChannelHandlerContext ctx) {
        if (held && !readsPaused && !removed && buffered() > limit) {
            readsPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** While paused, the base class must not ask for more input (it does when autoRead is off). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (readsPaused) {
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    /**
     * The base class drops undecoded input when the client shuts down its side; commands still waiting
     * behind the one in flight must be answered first, so the event waits until they are decoded.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent && held) {
            inputShutdownPending = true;
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        // later, not now: a successful login's reply is followed at once by this handler's removal, and the
        // bytes after AUTHENTICATE must reach the backend undecoded
        if (msg instanceof Reply && !((Reply) msg).unsolicited() && held && !resumeScheduled) {
            resumeScheduled = true;
            ctx.executor().execute(() -> resume(ctx));
        }
    }

    private void resume(ChannelHandlerContext ctx) {
        resumeScheduled = false;
        if (removed) {
            return;
        }
        held = false;
        if (readsPaused) {
            readsPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
        List<Object> out = new ArrayList<>(1);
        callDecode(ctx, internalBuffer(), out);
        for (Object command : out) {
            ctx.fireChannelRead(command);
        }
        pauseIfFlooded(ctx);
        if (!held && inputShutdownPending && !removed) {
            inputShutdownPending = false;
            try {
                super.userEventTriggered(ctx, ChannelInputShutdownEvent.INSTANCE);
            } catch (Exception e) {
                ctx.fireExceptionCaught(e);
            }
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        removed = true;
        if (readsPaused) {
            readsPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Bytes received but not yet decoded (for tests of the memory bound). */
    int buffered() {
        return internalBuffer().readableBytes();
    }
}
