package org.perditioncamel.protocol;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * Frames POP3 client input before login into lines (LF-terminated, CR kept in the raw bytes) with a bounded length,
 * one line per answer ({@link ReplyPacedDecoder}): what the client pipelines behind the line in flight stays raw in
 * the cumulation, so after PASS it reaches the backend as sent, a line over the limit included (the backend judges
 * it then, as it would without us). An overlong line framed before login is reported once as TOO_LONG as soon as
 * it passes the limit and discarded up to its LF, so the dialect answers with a protocol error at once instead of
 * Netty hanging up (camel-netty's own line decoder closes the channel on TooLongFrameException) or the client
 * waiting for an answer to a line it never ends.
 */
public final class LineDecoder extends ReplyPacedDecoder {
    /** Bytes pipelined behind the line in flight beyond which reading pauses until it is answered. */
    static final int PENDING_LIMIT = 64 * 1024;

    private final int maxLineLength;
    private boolean discarding;

    public LineDecoder(int maxLineLength) {
        super(PENDING_LIMIT, true);
        this.maxLineLength = maxLineLength;
    }

    @Override
    protected void discardFraming() {
        discarding = false;
    }

    /** The rest of a line already reported as too long is dropped as it arrives, never buffered. */
    @Override
    protected boolean skipRefused(ByteBuf in) {
        if (!discarding) {
            return true;
        }
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            in.skipBytes(in.readableBytes());
            return false;
        }
        in.readerIndex(lf + 1);
        discarding = false;
        return true;
    }

    @Override
    protected void frame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            // reported as soon as it cannot fit, not at its LF, which a client may never send; one byte of slack
            // for a CR whose LF has not arrived yet, so a line's fate does not depend on how it was split
            if (in.readableBytes() > maxLineLength + 1) {
                in.skipBytes(in.readableBytes());
                discarding = true;
                out.add(ClientCommand.tooLong());
            }
            return;
        }
        int length = lf + 1 - in.readerIndex();
        if (length > maxLineLength + 2) {
            in.readerIndex(lf + 1);
            out.add(ClientCommand.tooLong());
            return;
        }
        byte[] line = new byte[length];
        in.readBytes(line);
        out.add(ClientCommand.line(line));
    }

    /** Bytes held in the cumulation, for tests of the memory bound. */
    int buffered() {
        return actualReadableBytes();
    }
}
