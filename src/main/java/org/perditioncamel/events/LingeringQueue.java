package org.perditioncamel.events;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.Exchange;
import org.apache.camel.component.seda.BlockingQueueFactory;

/**
 * The queue between the sessions and the events-publish route (seda:session-events). When its consumer had to wait
 * for an event, it waits {@code events.linger} more before taking it, so that the events of the next milliseconds are
 * published in one burst: one wake-up of the events thread per burst instead of one per event, and Artemis' journal,
 * delivery and acknowledgement threads then also wake once per burst. In a login storm that halved the thread switches
 * the events cost (docs/benchmark.md). Taking an event that is already queued never waits; nothing is spent while
 * no event arrives. The sessions never wait either: an offer is a plain bounded offer.
 */
final class LingeringQueue extends LinkedBlockingQueue<Exchange> {
    private final long lingerNanos;

    LingeringQueue(int capacity, long lingerNanos) {
        super(capacity);
        this.lingerNanos = lingerNanos;
    }

    @Override
    public Exchange poll(long timeout, TimeUnit unit) throws InterruptedException {
        Exchange next = poll();
        if (next != null || lingerNanos == 0) {
            return next != null ? next : super.poll(timeout, unit);
        }
        next = super.poll(timeout, unit);
        if (next != null) {
            // woken by the first event of a burst: let the rest of it arrive; an interrupt (a stop) ends the wait
            LockSupport.parkNanos(this, lingerNanos);
        }
        return next;
    }

    /** The seda endpoint's queueFactory (bean {@value #BEAN}): events.camel.yaml and SessionEvents name it. */
    static final class Factory implements BlockingQueueFactory<Exchange> {
        static final String BEAN = "sessionEventsQueue";
        private final long lingerNanos;

        Factory(long lingerMillis) {
            this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        }

        @Override
        public BlockingQueue<Exchange> create() {
            return new LingeringQueue(Integer.MAX_VALUE, lingerNanos);
        }

        @Override
        public BlockingQueue<Exchange> create(int capacity) {
            return new LingeringQueue(capacity, lingerNanos);
        }
    }
}
