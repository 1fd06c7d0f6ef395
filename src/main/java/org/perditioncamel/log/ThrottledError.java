package org.perditioncamel.log;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Counts one kind of failure and writes it to the perdition log at ERR: the first time, then at most once per
 * interval with the running total, so a long broker outage or a full disk cannot flood syslog.
 */
public final class ThrottledError {
    private final java.util.function.Consumer<String> err;
    private final long intervalMillis;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(Long.MIN_VALUE);

    public ThrottledError(PerditionLog log, long intervalMillis) {
        this(log::err, intervalMillis);
    }

    /** @param err where the ERR line goes (e.g. handed to a LogWriter when the caller must not block) */
    public ThrottledError(java.util.function.Consumer<String> err, long intervalMillis) {
        this.err = err;
        this.intervalMillis = intervalMillis;
    }

    /** Counts one occurrence; {@code message} gets the total so far when a line is due. */
    public void occurred(LongFunction<String> message) {
        long total = count.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = lastReport.get();
        if ((last == Long.MIN_VALUE || now - last >= intervalMillis) && lastReport.compareAndSet(last, now)) {
            err.accept(message.apply(total));
        }
    }

    /** The next occurrence is reported at once: a new episode after things went back to normal. */
    public void rearm() {
        lastReport.set(Long.MIN_VALUE);
    }

    public long count() {
        return count.get();
    }
}
