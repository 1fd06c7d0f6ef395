package org.perditioncamel.events;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.Exchange;
import org.apache.camel.component.seda.BlockingQueueFactory;

/**
 * The queue between the sessions and the events-publish route (seda:session-events). An event that finds the events
 * thread waiting wakes it and is published at once; after that, when the queue is empty, the thread sleeps
 * {@code events.linger} instead of waiting to be woken, and then publishes in a row what came meanwhile. So during a
 * burst of logins the events thread wakes once per linger, not once per event, and Artemis' journal, delivery and
 * acknowledgement threads then also wake once per batch: in a login storm that halved the thread switches the events
 * cost (docs/events.md). A sleep that found nothing ends the burst: the thread waits to be woken again, so nothing runs
 * while no event arrives. The sessions never wait: an offer is the plain bounded offer. Polled by one consumer thread.
 * <p>
 * Whenever a poll finds the queue empty, the consumer runs {@code idle} first (the perdition log's flush): the log
 * lines of the events it just published are written then, at once.
 */
final class LingeringQueue extends LinkedBlockingQueue<Exchange> {
    private final long lingerNanos;
    private final Runnable idle;
    /** The consumer's last poll took an event: the burst may go on (read and written by the consumer thread only). */
    private boolean inBurst;

    LingeringQueue(int capacity, long lingerNanos, Runnable idle) {
        super(capacity);
        this.lingerNanos = lingerNanos;
        this.idle = idle;
    }

    @Override
    public Exchange poll(long timeout, TimeUnit unit) throws InterruptedException {
        Exchange next = poll();
        if (next == null) {
            idle.run();
        }
        if (next == null && inBurst && lingerNanos > 0) {
            // events offered while this thread sleeps find nobody waiting, so they wake nobody
            LockSupport.parkNanos(this, lingerNanos);
            next = poll();
        }
        if (next == null) {
            next = super.poll(timeout, unit);   // the burst is over: wait to be woken (or interrupted by a stop)
        }
        inBurst = next != null;
        return next;
    }

    /** The seda endpoint's queueFactory (bean {@value #BEAN}): events.camel.yaml and SessionEvents name it. */
    static final class Factory implements BlockingQueueFactory<Exchange> {
        static final String BEAN = "sessionEventsQueue";
        private final long lingerNanos;
        private final Runnable idle;

        Factory(long lingerMillis, Runnable idle) {
            this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
            this.idle = idle;
        }

        @Override
        public BlockingQueue<Exchange> create() {
            return new LingeringQueue(Integer.MAX_VALUE, lingerNanos, idle);
        }

        @Override
        public BlockingQueue<Exchange> create(int capacity) {
            return new LingeringQueue(capacity, lingerNanos, idle);
        }
    }
}
