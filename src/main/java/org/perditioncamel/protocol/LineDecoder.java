package org.perditioncamel.protocol;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Frames client input into lines (LF-terminated, CR kept in the raw bytes) with a bounded length. An overlong
 * line is discarded up to its LF and reported once as TOO_LONG, so the dialect answers with a protocol error
 * instead of Netty hanging up (camel-netty's own line decoder closes the channel on TooLongFrameException).
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
            if (lf < 0) {
                in.skipBytes(in.readableBytes());
                return;
            }
            in.readerIndex(lf + 1);
            discarding = false;
            out.add(ClientCommand.tooLong());
            return;
        }
        if (lf < 0) {
            if (in.readableBytes() > maxLineLength) {
                in.skipBytes(in.readableBytes());
                discarding = true;
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
}
