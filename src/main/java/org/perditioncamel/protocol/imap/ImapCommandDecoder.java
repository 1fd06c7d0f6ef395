package org.perditioncamel.protocol.imap;

import org.perditioncamel.protocol.ReplyPacedDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Reply;

/**
 * Frames IMAP commands before login, literals included, into one {@link ClientCommand} each, and decodes the next
 * only once the current one is answered (reference §5.2, §12; James's ImapRequestFrameDecoder). Pipelined bytes stay
 * raw until then: after a successful LOGIN they reach the backend untouched, where perdition drops them (reference
 * §4, §14 row 3).
 */
public final class ImapCommandDecoder extends ReplyPacedDecoder {
    /** Largest literal accepted before login, James's UNAUTHENTICATE_LITERAL_MAX_SIZE. */
    public static final int LITERAL_LIMIT = 8192;
    /** All literals of one command together: room for LOGIN's user name and password, each at the limit. */
    public static final long COMMAND_LITERAL_LIMIT = 2L * LITERAL_LIMIT;
    /** perdition's nonstandard continuation text, byte for byte (reference §5.2, §14 row 1). */
    public static final String CONTINUATION = "+ OK ready for additional input\r\n";
    /** Bytes pipelined behind the command in flight beyond which reading pauses until it is answered. */
    static final int PENDING_LIMIT = 64 * 1024;

    private final int maxLineLength;
    private final boolean literalPlus;
    private final byte[] window = new byte[LiteralMarker.WINDOW];

    // the command being framed: its bytes stay in the cumulation until it is complete
    private int framed;
    private int textLength;
    private long literalBytes;
    private int literalDue = -1;

    // the rest of a refused command: its line (only the last bytes are kept, to see a marker) and literal data
    private boolean discarding;
    private long skipping;
    private final byte[] tail = new byte[LiteralMarker.WINDOW];
    private int tailLength;

    private boolean saslResponseDue;

    /**
     * @param maxLineLength bytes of a command outside its literals (max_line_length)
     * @param literalPlus   read "{n+}" literals (LITERAL+ is advertised); otherwise they are refused
     */
    public ImapCommandDecoder(int maxLineLength, boolean literalPlus) {
        super(PENDING_LIMIT, true);
        this.maxLineLength = maxLineLength;
        this.literalPlus = literalPlus;
    }

    @Override
    protected void discardFraming() {
        framed = 0;
        textLength = 0;
        literalBytes = 0;
        literalDue = -1;
        discarding = false;
        skipping = 0;
        tailLength = 0;
        saslResponseDue = false;
    }

    @Override
    protected boolean skipRefused(ByteBuf in) {
        return !discarding || discard(in);
    }

    @Override
    protected void frame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (saslResponseDue) {
            frameSaslResponse(in, out);
        } else {
            frameCommand(ctx, in, out);
        }
    }

    private void frameCommand(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (literalDue >= 0) {
                if (in.readableBytes() - framed < literalDue) {
                    return;
                }
                framed += literalDue;
                literalDue = -1;
            }
            int start = in.readerIndex() + framed;
            int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                // one byte of slack for a CR whose LF has not arrived yet
                if (textLength + in.writerIndex() - start > maxLineLength + 1) {
                    tooLong(in, out, ClientCommand.tooLong(firstWord(in)));
                }
                return;
            }
            textLength += lineText(in, start, lf);
            if (textLength > maxLineLength) {
                tooLong(in, out, ClientCommand.tooLong(firstWord(in)));
                return;
            }
            int length = lf + 1 - in.readerIndex();
            LiteralMarker marker = markerBefore(in, start, lf);
            if (marker == null) {
                emit(in, length, out);
                return;
            }
            if (!accepts(marker)) {
                emit(in, length, out);
                if (!marker.synchronising()) {
                    discarding = true;
                    skipping = marker.size();
                }
                return;
            }
            literalBytes += marker.size();
            literalDue = (int) marker.size();
            framed = length;
            if (marker.synchronising()) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(CONTINUATION, StandardCharsets.US_ASCII));
            }
        }
    }

    /** The client's answer to the dialect's "+ " (AUTHENTICATE): a base64 line, where braces mean nothing. */
    private void frameSaslResponse(ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > maxLineLength + 1) {
                saslResponseDue = false;
                tooLong(in, out, ClientCommand.tooLong());
            }
            return;
        }
        saslResponseDue = false;
        // no tag in a SASL response: the dialect answers with the AUTHENTICATE's
        if (lineText(in, in.readerIndex(), lf) > maxLineLength) {
            tooLong(in, out, ClientCommand.tooLong());
            return;
        }
        emit(in, lf + 1 - in.readerIndex(), out);
    }

    /**
     * A refused literal ends its command at once, for the dialect's tagged BAD: a refused "{n}" gets no continuation,
     * so the client sends no data; the data of a refused "{n+}" comes anyway and is skipped exactly, counted but never
     * buffered, because reading it as commands would let literal data inject commands.
     */
    private boolean accepts(LiteralMarker marker) {
        return (marker.synchronising() || literalPlus)
                && marker.size() <= LITERAL_LIMIT
                && literalBytes + marker.size() <= COMMAND_LITERAL_LIMIT;
    }

    private void emit(ByteBuf in, int length, List<Object> out) {
        byte[] raw = new byte[length];
        in.readBytes(raw);
        resetFraming();
        out.add(ClientCommand.line(raw));
    }

    /** Reported at once; the command's complete parts are dropped and the rest is discarded as it arrives. */
    private void tooLong(ByteBuf in, List<Object> out, ClientCommand report) {
        in.skipBytes(framed);
        resetFraming();
        discarding = true;
        skipping = 0;
        tailLength = 0;
        discard(in);
        out.add(report);
    }

    /**
     * The command's first word and the space after it, within its first line and max_line_length (all still in the
     * cumulation): the dialect answers an overlong command with its tag, as the client waits for that (RFC 9051
     * §2.2.2). Empty when there is no such space.
     */
    private byte[] firstWord(ByteBuf in) {
        int start = in.readerIndex();
        int end = Math.min(in.writerIndex(), start + maxLineLength);
        int space = in.indexOf(start, end, (byte) ' ');
        int lf = in.indexOf(start, end, (byte) '\n');
        if (space < 0 || (lf >= 0 && lf < space)) {
            return new byte[0];
        }
        byte[] word = new byte[space + 1 - start];
        in.getBytes(start, word);
        return word;
    }

    /**
     * Drops the rest of a refused command as it arrives: the data of its "{n+}" literals (exactly n bytes) and
     * its lines. A line ending in "{n}" ends it, as the client waits for a continuation it never gets.
     *
     * @return true once the command is gone
     */
    private boolean discard(ByteBuf in) {
        while (true) {
            if (skipping > 0) {
                int n = (int) Math.min(skipping, in.readableBytes());
                in.skipBytes(n);
                skipping -= n;
                if (skipping > 0) {
                    return false;
                }
            }
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                keepTail(in, in.readerIndex(), in.writerIndex());
                in.skipBytes(in.readableBytes());
                return false;
            }
            keepTail(in, in.readerIndex(), lf);
            in.readerIndex(lf + 1);
            LiteralMarker marker = LiteralMarker.atEnd(tail, 0, tailLength);
            tailLength = 0;
            if (marker == null || marker.synchronising()) {
                discarding = false;
                return true;
            }
            skipping = marker.size();
        }
    }

    private void keepTail(ByteBuf in, int from, int to) {
        int n = to - from;
        if (n >= tail.length) {
            in.getBytes(to - tail.length, tail, 0, tail.length);
            tailLength = tail.length;
            return;
        }
        int keep = Math.min(tailLength, tail.length - n);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        in.getBytes(from, tail, keep, n);
        tailLength = keep + n;
    }

    private LiteralMarker markerBefore(ByteBuf in, int start, int lf) {
        int from = Math.max(start, lf - window.length);
        in.getBytes(from, window, 0, lf - from);
        return LiteralMarker.atEnd(window, 0, lf - from);
    }

    /** A line's length without its CR LF. */
    private static int lineText(ByteBuf in, int start, int lf) {
        return lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 - start : lf - start;
    }

    private void resetFraming() {
        framed = 0;
        textLength = 0;
        literalBytes = 0;
        literalDue = -1;
    }

    /**
     * The dialect's continuation request ("+ " of AUTHENTICATE) asks for a SASL response, which is framed as a plain
     * line; a reply to a tag that begins with "+" ("+ OK NOOP") does not.
     */
    @Override
    protected void answered(Reply reply) {
        saslResponseDue = reply.continuation();
    }

    /** Bytes held in the cumulation, for tests of the memory bound. */
    int buffered() {
        return actualReadableBytes();
    }

    /** Literal data the client announced is still due (framed or skipped), for tests that no line ends it early. */
    boolean awaitingLiteralData() {
        return literalDue >= 0 || skipping > 0;
    }
}
