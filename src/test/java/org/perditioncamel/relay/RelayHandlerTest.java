package org.perditioncamel.relay;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
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

    /**
     * The backend closed while the client had not yet taken its last answer (queued, not yet written); the client
     * then sends something: the answer still goes out before the close, as channelInactive arranged.
     */
    @Test
    void aSideThatReadsAfterItsPeerClosedShouldStillGetWhatIsQueuedForItBeforeTheClose() {
        EmbeddedChannel backend = new EmbeddedChannel();
        EmbeddedChannel client = new EmbeddedChannel(new RelayHandler(backend, new AtomicLong(), false));
        client.write(Unpooled.wrappedBuffer("* BYE last answer\r\n".getBytes()));   // queued: the client is slow
        backend.close();
        client.writeInbound(Unpooled.wrappedBuffer("a2 NOOP\r\n".getBytes()));
        client.runPendingTasks();
        ByteBuf last = client.readOutbound();
        assertThat(last).as("the queued answer").isNotNull();
        assertThat(last.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("* BYE last answer\r\n");
        last.release();
        assertThat(client.isOpen()).isFalse();
        client.finishAndReleaseAll();
        backend.finishAndReleaseAll();
    }

    /** The client sent FIN after the backend had gone: what was queued for the client still goes out first. */
    @Test
    void aFinAfterThePeerClosedShouldStillDeliverWhatIsQueuedBeforeTheClose() {
        EmbeddedChannel backend = new EmbeddedChannel();
        EmbeddedChannel client = new EmbeddedChannel(new RelayHandler(backend, new AtomicLong(), false));
        client.write(Unpooled.wrappedBuffer("+OK bye\r\n".getBytes()));
        backend.close();
        client.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        client.runPendingTasks();
        ByteBuf last = client.readOutbound();
        assertThat(last).as("the queued answer").isNotNull();
        last.release();
        assertThat(client.isOpen()).isFalse();
        client.finishAndReleaseAll();
        backend.finishAndReleaseAll();
    }

    /** A client reset during a large APPEND to a backend that reads nothing more: the backend is closed all the same. */
    @Test
    void aBackendThatTakesNothingMoreAfterTheClientWentShouldBeClosedAfterTheDrainBound() {
        EmbeddedChannel backend = new EmbeddedChannel() {
            @Override
            protected void doWrite(io.netty.channel.ChannelOutboundBuffer in) {
                // its TCP window is full: nothing it is sent is ever written
            }
        };
        backend.freezeTime();
        EmbeddedChannel client = new EmbeddedChannel(new RelayHandler(backend, new AtomicLong(), false));
        client.writeInbound(Unpooled.wrappedBuffer(new byte[4096]));   // relayed, queued at the backend
        client.close();                                                  // the client resets
        client.runPendingTasks();
        backend.runPendingTasks();
        assertThat(backend.isOpen()).as("still draining").isTrue();
        backend.advanceTimeBy(RelayHandler.BACKEND_DRAIN_SECONDS - 1, TimeUnit.SECONDS);
        backend.runScheduledPendingTasks();
        assertThat(backend.isOpen()).as("still draining").isTrue();
        backend.advanceTimeBy(1, TimeUnit.SECONDS);
        backend.runScheduledPendingTasks();
        assertThat(backend.isOpen()).as("closed at the bound").isFalse();
        client.finishAndReleaseAll();
        backend.releaseOutbound();   // its pending writes failed with the close, as they would on a socket
    }
}
