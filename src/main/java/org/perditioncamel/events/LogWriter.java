package org.perditioncamel.events;

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
    private final ThreadPoolExecutor thread;
    private final AtomicLong dropped = new AtomicLong();

    public LogWriter(int queueSize) {
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize), r -> {
            Thread t = new Thread(r, "perdition-log-writer");
            t.setDaemon(true);
            return t;
        }, (r, executor) -> dropped.incrementAndGet());
    }

    /** Hands the line to the writer thread; never blocks and never throws. */
    public void write(Consumer<String> sink, String line) {
        try {
            thread.execute(() -> sink.accept(line));
        } catch (RuntimeException e) {
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
