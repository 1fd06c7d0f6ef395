package org.perditioncamel.protocol.managesieve;

import org.perditioncamel.protocol.ReplyPacedDecoder;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import org.perditioncamel.protocol.ClientCommand;

/**
 * Frames ManageSieve client input before login into one {@link ClientCommand} per command, literal data
 * included: a line ending in {@code {n+}} or {@code {n}} continues after n octets (RFC 5804 section 4).
 *
 * <p>No continuation is ever written. RFC 5804 clients send only non-synchronising {@code {n+}} literals, and
 * ManageSieve has no continuation response; perdition reads {@code {n}} from clients the same way, so both
 * are taken as announced.
 *
 * <p>One command at a time ({@link ReplyPacedDecoder}): a PUTSCRIPT pipelined after
 * {@code AUTHENTICATE "PLAIN" "…"} (allowed by RFC 5804 section 2) reaches the backend byte for byte, never cut to
 * the pre-login limits. While a command waits, reading stops once a command's worth of bytes is buffered; the
 * greeting answers nothing, commands sent before it are framed at once.
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

    /** @param maxCommandLength the longest command (lines and literal data, without the last CRLF) */
    public ManageSieveCommandDecoder(int maxCommandLength) {
        super(maxCommandLength + 2, false);
        this.limit = maxCommandLength + 2;
    }

    @Override
    protected void discardFraming() {
        scanned = 0;
        literalRemaining = 0;
        continuation = false;
        discarding = false;
        tailLength = 0;
        discardedLineLength = 0;
    }

    @Override
    protected boolean skipRefused(ByteBuf in) {
        if (discarding) {
            discard(in);
        }
        return !discarding;
    }

    @Override
    protected void frame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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

    /** Bytes received but not yet decoded (for tests of the memory bound). */
    int buffered() {
        return internalBuffer().readableBytes();
    }

    /** Literal data the client announced is still due (framed or skipped), for tests that no line ends it early. */
    boolean awaitingLiteralData() {
        return literalRemaining > 0;
    }
}
