package org.perditioncamel.session;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Counts the bytes Netty's epoll transport splices out of a channel ({@code AbstractEpollStreamChannel.spliceTo}),
 * which never pass through the pipeline. The splice reports each splice(2) to the channel's receive-buffer
 * handle ({@code lastBytesRead}) after asking it for a size ({@code guess}); an ordinary read allocates a buffer
 * first ({@code allocate}), and those bytes are counted by the relay as they pass. Netty creates the handle at the
 * first read, so this allocator must be set when the channel is created; one per channel, so the relay finds its
 * counter again.
 */
public final class SpliceCounter implements RecvByteBufAllocator {
    /** The most a splice moves per call: the pipe (64 KiB by default) is the real limit; never the adaptive guess. */
    private static final int SPLICE_GUESS = 1 << 20;

    private final RecvByteBufAllocator delegate;
    private AtomicLong counter;

    private SpliceCounter(RecvByteBufAllocator delegate) {
        this.delegate = delegate;
    }

    /** Sets a counting allocator on an epoll socket channel (the only kind that can splice); others are left alone. */
    public static void install(Channel ch) {
        if (ch instanceof EpollSocketChannel) {
            ch.config().setRecvByteBufAllocator(new SpliceCounter(ch.config().getRecvByteBufAllocator()));
        }
    }

    /**
     * From now on the bytes spliced out of this channel are added to {@code counter}.
     *
     * @return false when the channel has no counting allocator (not epoll, or not installed): it must not splice
     */
    public static boolean countInto(Channel ch, AtomicLong counter) {
        if (ch.config().getRecvByteBufAllocator() instanceof SpliceCounter c) {
            c.counter = counter;
            return true;
        }
        return false;
    }

    @Override
    public Handle newHandle() {
        // the epoll config calls this once to check the handle's type, then the channel's first read for good
        return new CountingHandle((ExtendedHandle) delegate.newHandle());
    }

    private final class CountingHandle implements ExtendedHandle {
        private final ExtendedHandle delegate;
        private boolean splicing;

        CountingHandle(ExtendedHandle delegate) {
            this.delegate = delegate;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            splicing = false;
            return delegate.allocate(alloc);
        }

        @Override
        public int guess() {
            // only the splice asks the outer handle for a size; an ordinary read's allocate asks the delegate itself
            splicing = true;
            return SPLICE_GUESS;
        }

        @Override
        public void lastBytesRead(int bytes) {
            delegate.lastBytesRead(bytes);
            if (splicing && bytes > 0 && counter != null) {
                counter.addAndGet(bytes);
            }
        }

        @Override
        public int lastBytesRead() {
            return delegate.lastBytesRead();
        }

        @Override
        public void reset(ChannelConfig config) {
            delegate.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            delegate.incMessagesRead(numMessages);
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            delegate.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return delegate.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return delegate.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return delegate.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            delegate.readComplete();
        }
    }
}
