package org.perditioncamel.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.perditioncamel.protocol.Reply;

/** Writes a {@link Reply}'s bytes exactly (ISO-8859-1, so every char is one byte). */
@ChannelHandler.Sharable
public final class ReplyEncoder extends MessageToByteEncoder<Reply> {
    public static final ReplyEncoder INSTANCE = new ReplyEncoder();

    @Override
    protected void encode(ChannelHandlerContext ctx, Reply reply, ByteBuf out) {
        out.writeBytes(reply.bytes());
    }
}
