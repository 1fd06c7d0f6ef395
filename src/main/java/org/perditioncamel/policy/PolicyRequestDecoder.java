package org.perditioncamel.policy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Frames Postfix's policy requests: "name=value" lines ending in LF (CR LF accepted), the request ended by an empty
 * line. Bytes are read as ISO-8859-1, so no input can fail to decode. A line without '=' makes the request malformed
 * (it is still read to its empty line, so the connection stays in step); a request longer than the limit is
 * answered at once and the rest of the connection is discarded, since it can no longer be framed.
 */
final class PolicyRequestDecoder extends ByteToMessageDecoder {
    private final int maxRequestBytes;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private String malformed;
    private int requestBytes;
    private boolean discarding;

    PolicyRequestDecoder(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!discarding) {
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            int available = lf < 0 ? in.readableBytes() : lf - in.readerIndex() + 1;
            if (requestBytes + available > maxRequestBytes) {
                discarding = true;
                out.add(PolicyRequest.tooLong(maxRequestBytes));
                break;
            }
            if (lf < 0) {
                return;
            }
            requestBytes += available;
            String line = in.readCharSequence(available, StandardCharsets.ISO_8859_1).toString();
            line = line.endsWith("\r\n") ? line.substring(0, line.length() - 2) : line.substring(0, line.length() - 1);
            if (line.isEmpty()) {
                out.add(malformed != null ? PolicyRequest.malformed(malformed) : PolicyRequest.of(attributes));
                attributes.clear();
                malformed = null;
                requestBytes = 0;
            } else {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    malformed = malformed != null ? malformed : "a line without name=value";
                } else {
                    attributes.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        in.skipBytes(in.readableBytes());
    }

    /** Bytes held in the cumulation, for tests of the memory bound. */
    int buffered() {
        return actualReadableBytes();
    }
}
