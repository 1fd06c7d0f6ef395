package org.perditioncamel.events;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.support.service.ServiceHelper;
import org.perditioncamel.config.StartupFailure;

/**
 * Starts the outbox broker and its producer on a thread of their own while Camel builds the routes: the broker's
 * journal and bridges take a third of a cold start, and nothing needs them before the first session. The listeners
 * open only once {@link #await} has returned, so no session's event waits for it, and a broker that cannot start
 * still stops the start with one line.
 */
public final class OutboxStart {
    /** The registry name the listeners look it up by. */
    public static final String BEAN = "eventsOutboxStart";

    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final EmbeddedBroker broker;
    private final EventOutbox outbox;

    private OutboxStart(EmbeddedBroker broker, EventOutbox outbox) {
        this.broker = broker;
        this.outbox = outbox;
    }

    static OutboxStart begin(EmbeddedBroker broker, EventOutbox outbox) {
        OutboxStart start = new OutboxStart(broker, outbox);
        outbox.startedBy(start);
        Thread thread = new Thread(() -> {
            try {
                ServiceHelper.startService(broker);
                outbox.open();
                start.started.complete(null);
            } catch (Throwable e) {
                start.started.completeExceptionally(e);
            }
        }, "perdition-events-start");
        thread.setDaemon(true);
        thread.start();
        return start;
    }

    /** Returns once the outbox takes events; a StartupFailure naming the outbox when it cannot, or not in time. */
    public void await(Duration limit) {
        try {
            started.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new StartupFailure("cannot start the event outbox in " + broker.dataDir() + ": "
                    + StartupFailure.rootMessage(cause), cause);
        } catch (TimeoutException e) {
            throw new StartupFailure("the event outbox in " + broker.dataDir() + " did not start within "
                    + limit.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupFailure("interrupted while the event outbox in " + broker.dataDir() + " was starting", e);
        }
    }

    /**
     * Stops the producer, then the broker. During a start: once it has ended, within the limit; a start still running
     * then is stopped by itself when it ends (the broker's start holds its lock throughout, so waiting longer here
     * would be unbounded).
     */
    void stop(Duration limit) {
        try {
            started.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            started.whenComplete((ignored, failure) -> stopNow());
            return;
        } catch (ExecutionException e) {
            // stop what did start; ServiceHelper skips what did not
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopNow();
    }

    private void stopNow() {
        try {
            outbox.close();
        } catch (Exception e) {
            // the in-VM session is going away with the broker either way
        }
        ServiceHelper.stopService(broker);
    }

}
