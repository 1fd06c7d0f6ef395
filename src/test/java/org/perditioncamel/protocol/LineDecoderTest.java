package org.perditioncamel.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineDecoderTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesSplitAcrossPacketsShouldBeReassembled() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineDecoder(100));
        ch.writeInbound(Unpooled.wrappedBuffer(b("US")));
        ch.writeInbound(Unpooled.wrappedBuffer(b("ER a\r")));
        ch.writeInbound(Unpooled.wrappedBuffer(b("\nPASS b\r\nQU")));
        assertThat(((ClientCommand) ch.readInbound()).text()).isEqualTo("USER a");
        assertThat(((ClientCommand) ch.readInbound()).raw()).isEqualTo(b("PASS b\r\n"));
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void overlongLineShouldBeReportedOnceAndTheNextLineDecoded() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineDecoder(16));
        ch.writeInbound(Unpooled.wrappedBuffer(b("x".repeat(40))));
        ch.writeInbound(Unpooled.wrappedBuffer(b("y".repeat(40) + "\r\nCAPA\r\n")));
        assertThat(((ClientCommand) ch.readInbound()).getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        assertThat(((ClientCommand) ch.readInbound()).text()).isEqualTo("CAPA");
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void lineThatNeverEndsShouldBeReportedAsSoonAsItPassesTheLimitWithoutBeingBuffered() {
        LineDecoder decoder = new LineDecoder(16);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(Unpooled.wrappedBuffer(b("x".repeat(10))));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(b("x".repeat(10))));
        assertThat(((ClientCommand) ch.readInbound()).getKind()).isEqualTo(ClientCommand.Kind.TOO_LONG);
        for (int i = 0; i < 100; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(b("y".repeat(1000))));
            assertThat(decoder.buffered()).isZero();
        }
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(b("y\r\nCAPA\r\n")));
        assertThat(((ClientCommand) ch.readInbound()).text()).isEqualTo("CAPA");
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void lineOfTheLimitShouldPassHoweverItIsSplit() {
        EmbeddedChannel ch = new EmbeddedChannel(new LineDecoder(16));
        ch.writeInbound(Unpooled.wrappedBuffer(b("x".repeat(16) + "\r")));
        ch.writeInbound(Unpooled.wrappedBuffer(b("\n")));
        assertThat(((ClientCommand) ch.readInbound()).text()).isEqualTo("x".repeat(16));
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }
}
