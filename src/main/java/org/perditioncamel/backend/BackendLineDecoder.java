package org.perditioncamel.backend;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Backend lines during login, as ISO-8859-1 strings without CRLF. Once the dialogue is over it stops decoding,
 * so whatever the backend sent after its last login line stays buffered and reaches the client through the
 * relay when this decoder is removed.
 */
final class BackendLineDecoder extends ByteToMessageDecoder {
    private final int maxLineLength;
    private boolean stopped;

    BackendLineDecoder(int maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    void stop() {
        stopped = true;
    }

    /** STARTTLS: anything the backend sent in plaintext after its "go ahead" is dropped, never read as a reply. */
    void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (stopped) {
            return;
        }
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > maxLineLength) {
                throw new TooLongFrameException("backend line longer than " + maxLineLength + " bytes");
            }
            return;
        }
        // the same limit whether the LF came in the same read or later: a line's fate never depends on the split
        if (lf - in.readerIndex() > maxLineLength) {
            throw new TooLongFrameException("backend line longer than " + maxLineLength + " bytes");
        }
        int end = lf;
        if (end > in.readerIndex() && in.getByte(end - 1) == '\r') {
            end--;
        }
        String line = in.toString(in.readerIndex(), end - in.readerIndex(), java.nio.charset.StandardCharsets.ISO_8859_1);
        in.readerIndex(lf + 1);
        out.add(line);
    }

    /**
     * After the login the backend's FIN may come in the same read as its last words: ByteToMessageDecoder would drop
     * what it holds at the FIN, so a stopped decoder only passes the FIN on and keeps the bytes for the relay (the
     * splice sees the input shut and ends the session once the client has them).
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (stopped && evt instanceof ChannelInputShutdownEvent) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /** Bytes held in the cumulation, for tests of the memory bound. */
    int buffered() {
        return actualReadableBytes();
    }
}
