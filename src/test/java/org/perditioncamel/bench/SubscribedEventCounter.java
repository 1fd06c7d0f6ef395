package org.perditioncamel.bench;

import java.util.concurrent.atomic.AtomicLong;

/** A counter that holds the subscription itself: the count and whether it is in place, set by its reader. */
abstract class SubscribedEventCounter implements EventCounter {
    final AtomicLong messages = new AtomicLong();
    volatile boolean connected;

    @Override
    public long received() {
        return messages.get();
    }

    @Override
    public boolean connected() {
        return connected;
    }
}
