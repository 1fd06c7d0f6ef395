package org.perditioncamel.backend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Backend lines during login: the line limit (CR included) holds however the backend's bytes arrive. */
class BackendLineDecoderTest {

    /**
     * Found by BackendDialogueFuzzTest: a line over the limit was refused when its LF came in a later read, but
     * taken whole (any length a read can hold) when the LF came in the same read.
     */
    @Test
    void overlongLineShouldBeRefusedEvenWhenItsLfCameInTheSameRead() {
        List<Throwable> caught = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new BackendLineDecoder(10), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                caught.add(cause);
            }
        });
        ch.writeInbound(Unpooled.copiedBuffer("+OK 45678901\r\n", StandardCharsets.US_ASCII));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(caught).singleElement().isInstanceOf(TooLongFrameException.class);
        ch.finishAndReleaseAll();
    }

    @Test
    void lineAtTheLimitShouldPassWhateverTheSplit() {
        EmbeddedChannel whole = new EmbeddedChannel(new BackendLineDecoder(10));
        whole.writeInbound(Unpooled.copiedBuffer("+OK 45678\r\n", StandardCharsets.US_ASCII));
        assertThat((String) whole.readInbound()).isEqualTo("+OK 45678");
        EmbeddedChannel split = new EmbeddedChannel(new BackendLineDecoder(10));
        split.writeInbound(Unpooled.copiedBuffer("+OK 45678\r", StandardCharsets.US_ASCII));
        split.writeInbound(Unpooled.copiedBuffer("\n", StandardCharsets.US_ASCII));
        assertThat((String) split.readInbound()).isEqualTo("+OK 45678");
        whole.finishAndReleaseAll();
        split.finishAndReleaseAll();
    }
}
