package org.perditioncamel.protocol;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Frames client input into lines (LF-terminated, CR kept in the raw bytes) with a bounded length. An overlong
 * line is reported once as TOO_LONG as soon as it passes the limit and discarded up to its LF, so the dialect
 * answers with a protocol error at once instead of Netty hanging up (camel-netty's own line decoder closes the
 * channel on TooLongFrameException) or the client waiting for an answer to a line it never ends.
 */
public final class LineDecoder extends ByteToMessageDecoder implements DiscardableDecoder {
    private final int maxLineLength;
    private boolean discarding;

    public LineDecoder(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    @Override
    public void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
        discarding = false;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (discarding) {
            // the line was already reported: its rest is dropped as it arrives, never buffered
            if (lf < 0) {
                in.skipBytes(in.readableBytes());
                return;
            }
            in.readerIndex(lf + 1);
            discarding = false;
            return;
        }
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
