package org.perditioncamel.log;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes the proxy's free-text log lines (errors, timeouts, connection_logging dumps) on one thread of its own:
 * they come from Netty event loops, which must never wait for a file or syslog write. Lines keep their order;
 * a full queue drops the line and counts it rather than block.
 */
public final class LogWriter implements AutoCloseable {
    /** Characters waiting to be written at most; connection_logging lines can be whole read buffers. */
    static final long MAX_PENDING_CHARS = 16L * 1024 * 1024;

    private final ThreadPoolExecutor thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong pendingChars = new AtomicLong();

    public LogWriter(int queueSize) {
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize), r -> {
            Thread t = new Thread(r, "perdition-log-writer");
            t.setDaemon(true);
            return t;
        });   // a full queue rejects (AbortPolicy): write() then gives the line's characters back and counts it
    }

    /** Hands the line to the writer thread; never blocks and never throws. Bounded in lines and in characters. */
    public void write(Consumer<String> sink, String line) {
        long size = line == null ? 0 : line.length();
        if (pendingChars.addAndGet(size) > MAX_PENDING_CHARS) {
            pendingChars.addAndGet(-size);
            dropped.incrementAndGet();
            return;
        }
        try {
            thread.execute(() -> {
                pendingChars.addAndGet(-size);
                sink.accept(line);
            });
        } catch (RuntimeException e) {   // rejected: the queue is full, or the writer closed
            pendingChars.addAndGet(-size);
            dropped.incrementAndGet();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }
}
