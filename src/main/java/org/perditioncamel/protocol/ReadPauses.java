package org.perditioncamel.protocol;

import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

/**
 * The reasons a client channel is not read before login, one per {@link ReplyPacing} that holds one (the decoder's
 * for the bytes behind the command in flight, the lockstep's for replies the client does not take): the channel
 * reads again only when none is left, so one resuming never undoes the other's pause. On the event loop only.
 */
final class ReadPauses {
    private static final AttributeKey<ReadPauses> KEY = AttributeKey.valueOf(ReadPauses.class, "readPauses");

    private int held;

    static ReadPauses of(Channel channel) {
        Attribute<ReadPauses> attribute = channel.attr(KEY);
        ReadPauses pauses = attribute.get();
        if (pauses == null) {
            pauses = new ReadPauses();
            attribute.set(pauses);
        }
        return pauses;
    }

    void pause(Channel channel) {
        if (held++ == 0) {
            channel.config().setAutoRead(false);
        }
    }

    void resume(Channel channel) {
        if (--held == 0) {
            channel.config().setAutoRead(true);
        }
    }
}
