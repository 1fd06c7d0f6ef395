package org.perditioncamel.relay;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayHandlerTest {
    @Test
    void backendReadsShouldPauseWhileTheClientCannotTakeMore() {
        EmbeddedChannel backend = new EmbeddedChannel();
        EmbeddedChannel client = new EmbeddedChannel(new RelayHandler(backend, new AtomicLong(), false));
        client.unsafe().outboundBuffer().setUserDefinedWritability(1, false);   // as if the client stopped reading
        client.runPendingTasks();
        assertThat(backend.config().isAutoRead()).isFalse();
        client.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        client.runPendingTasks();
        assertThat(backend.config().isAutoRead()).isTrue();
        client.finishAndReleaseAll();
        backend.finishAndReleaseAll();
    }

    @Test
    void bytesShouldBeForwardedUnchangedAndCounted() {
        EmbeddedChannel peer = new EmbeddedChannel();
        AtomicLong counted = new AtomicLong();
        EmbeddedChannel side = new EmbeddedChannel(new RelayHandler(peer, counted, false));
        side.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), Unpooled.wrappedBuffer(new byte[] {4}));
        ByteBuf first = peer.readOutbound();
        ByteBuf second = peer.readOutbound();
        assertThat(first.readableBytes() + second.readableBytes()).isEqualTo(4);
        assertThat(counted.get()).isEqualTo(4);
        first.release();
        second.release();
        side.finishAndReleaseAll();
        peer.finishAndReleaseAll();
    }

    @Test
    void backendFinShouldDeliverItsLastBytesThenCloseBothSides() {
        EmbeddedChannel client = new EmbeddedChannel();
        EmbeddedChannel backend = new EmbeddedChannel(new RelayHandler(client, new AtomicLong(), true));
        backend.writeInbound(Unpooled.wrappedBuffer("+OK Logging out\r\n".getBytes()));
        backend.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        backend.runPendingTasks();
        client.runPendingTasks();
        ByteBuf last = client.readOutbound();
        assertThat(last.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("+OK Logging out\r\n");
        last.release();
        assertThat(client.isOpen()).isFalse();
        assertThat(backend.isOpen()).isFalse();
        client.finishAndReleaseAll();
        backend.finishAndReleaseAll();
    }

    @Test
    void aSideThatEndsAfterItsPeerClosedShouldNotWriteToThePeer() {
        AtomicInteger writes = new AtomicInteger();
        EmbeddedChannel client = new EmbeddedChannel() {
            @Override
            public ChannelFuture writeAndFlush(Object msg) {
                writes.incrementAndGet();
                return super.writeAndFlush(msg);
            }
        };
        EmbeddedChannel backend = new EmbeddedChannel(new RelayHandler(client, new AtomicLong(), true));
        client.close();

        // the backend's FIN, then its close: each used to write to the closed client (and close it again), and every
        // such write and close fails with an exception that nobody reads (four per session end in a login storm)
        backend.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        backend.runPendingTasks();
        backend.close();

        assertThat(backend.isOpen()).isFalse();
        assertThat(writes.get()).as("writes to the closed client").isZero();
        client.finishAndReleaseAll();
        backend.finishAndReleaseAll();
    }
}
