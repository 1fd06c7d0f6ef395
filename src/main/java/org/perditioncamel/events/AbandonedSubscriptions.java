package org.perditioncamel.events;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.postoffice.Bindings;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.perditioncamel.log.PerditionLog;

/**
 * Removes the hub's durable subscriptions that have had no consumer for events.subscription_timeout. Every durable
 * subscription keeps the hub's pages of its topic on disk until it has read them, so one whose consumer is gone for
 * good (a relay taken out of service without unsubscribing) would grow the hub journal until the disk is full and
 * stop every consumer's events with it. The idle time counts from the first sweep that saw it without a consumer,
 * in this hub process, or from the last sign of one since (a consumer gone, a message acknowledged), on a monotonic
 * clock: a takeover or restart starts it again, so it never removes one sooner than the timeout. Runs on the hub
 * broker's scheduled pool (where Artemis' own queue reaper runs), never on an event loop.
 */
final class AbandonedSubscriptions implements Runnable {
    private final ActiveMQServer server;
    private final List<SimpleString> topics;
    private final long timeoutMillis;
    private final PerditionLog log;
    private final LongSupplier clock;
    /** Subscription queue name to what the last sweep saw of it without a consumer. */
    private final Map<SimpleString, Idle> idle = new HashMap<>();

    /**
     * A consumer may come, read and go between two sweeps: a consumer's departure or an acknowledgement since the
     * last sweep restarts the count as a consumer seen there would.
     */
    private record Idle(long since, long consumerRemoved, long acknowledged) {
    }

    AbandonedSubscriptions(ActiveMQServer server, List<String> topics, long timeoutMillis, PerditionLog log,
                           LongSupplier clock) {
        this.server = server;
        this.topics = topics.stream().map(SimpleString::of).toList();
        this.timeoutMillis = timeoutMillis;
        this.log = log;
        this.clock = clock;
    }

    /** Milliseconds on a clock that no change of the system time moves. */
    static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /** How often to look: a tenth of the timeout, at most a minute, so a removal comes at most 10 % late. */
    static long periodMillis(long timeoutMillis) {
        return Math.max(100, Math.min(60_000, timeoutMillis / 10));
    }

    @Override
    public void run() {
        try {
            sweep();
        } catch (Throwable e) {
            // the next sweep tries again; a scheduled task that throws would never run again
            log.err("Events hub: checking for abandoned durable subscriptions failed (" + e + ")");
        }
    }

    void sweep() throws Exception {
        long now = clock.getAsLong();
        Set<SimpleString> seen = new HashSet<>();
        for (SimpleString topic : topics) {
            Bindings bindings = server.getPostOffice().lookupBindingsForAddress(topic);
            if (bindings == null) {
                continue;
            }
            for (Binding binding : bindings.getBindings()) {
                if (!(binding instanceof LocalQueueBinding local)) {
                    continue;
                }
                Queue queue = local.getQueue();
                if (!queue.isDurable() || queue.isTemporary() || queue.isInternalQueue()) {
                    continue;   // a non-durable subscription goes with its consumer
                }
                seen.add(queue.getName());
                if (queue.getConsumerCount() > 0) {
                    idle.remove(queue.getName());
                    continue;
                }
                Idle before = idle.get(queue.getName());
                long consumerRemoved = queue.getConsumerRemovedTimestamp();
                long acknowledged = queue.getMessagesAcknowledged();
                if (before == null || before.consumerRemoved() != consumerRemoved
                        || before.acknowledged() != acknowledged) {
                    idle.put(queue.getName(), new Idle(now, consumerRemoved, acknowledged));
                } else if (now - before.since() >= timeoutMillis) {
                    remove(queue, topic);
                }
            }
        }
        idle.keySet().retainAll(seen);
    }

    private void remove(Queue queue, SimpleString topic) {
        long events = queue.getMessageCount();
        try {
            // refused if a consumer came back since the check: then its clock starts again
            server.destroyQueue(queue.getName(), null, true);
        } catch (Exception e) {
            idle.remove(queue.getName());
            return;
        }
        idle.remove(queue.getName());
        log.err("Events hub: removed the durable subscription " + queue.getName() + " of " + topic
                + ", which had no consumer for " + timeoutMillis / 1000 + " s (events.subscription_timeout); events"
                + " dropped with it: " + events);
    }
}
