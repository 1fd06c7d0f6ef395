package org.perditioncamel.testing;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Put last in a test pipeline: keeps the user events that got that far, such as a client's FIN passed on. */
public final class UserEvents extends ChannelInboundHandlerAdapter {
    private final List<Object> seen = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        seen.add(evt);
    }

    public List<Object> seen() {
        return seen;
    }
}
