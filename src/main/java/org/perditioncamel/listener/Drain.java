package org.perditioncamel.listener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.perditioncamel.log.PerditionLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * drain_timeout: when the proxy is told to stop (SIGTERM), every listener stops accepting at once, and the sessions
 * already open, logged in or logging in, go on for up to drain_timeout seconds; only then do the routes stop and
 * close what is left. Runs when the context begins to stop, on the stopping thread, before any route stops.
 * With 0 (the default) nothing is tracked and a stop closes every session at once, as before.
 * <p>
 * A lifecycle strategy, not an event notifier: with any event notifier started, Camel asks each one about every
 * exchange at every step of every login, although this one only wants the stop.
 */
public final class Drain extends LifecycleStrategySupport {
    /** The registry name the listener bootstraps look it up by. */
    public static final String BEAN = "listenerDrain";
    private static final long POLL_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    private final CamelContext context;
    private final int timeoutSeconds;
    private final ChannelGroup clients = new DefaultChannelGroup("perdition-clients", GlobalEventExecutor.INSTANCE);
    private final List<ChannelSource> sources = new CopyOnWriteArrayList<>();
    /** Set when the stop begins: Camel's status still says started while the drain runs. */
    private volatile boolean stopping;

    private Drain(CamelContext context, int timeoutSeconds) {
        this.context = context;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Binds the drain and has it told when the context begins to stop. */
    public static Drain install(CamelContext context, int timeoutSeconds) {
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("drain_timeout: must be 0 or more seconds: " + timeoutSeconds);
        }
        Drain drain = new Drain(context, timeoutSeconds);
        context.getRegistry().bind(BEAN, drain);
        context.addLifecycleStrategy(drain);
        return drain;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    void listening(ChannelSource source) {
        sources.add(source);
    }

    /** Called for every accepted client channel; a closed channel leaves the group by itself. */
    void accepted(Channel client) {
        if (timeoutSeconds > 0) {
            clients.add(client);
        }
    }

    /** The proxy has begun to stop (and drains, with a drain_timeout): not ready for new clients. */
    public boolean stopping() {
        return stopping;
    }

    /** Sessions still open (tracked only with a drain_timeout). */
    public int open() {
        return clients.size();
    }

    @Override
    public void onContextStopping(CamelContext stoppingContext) {
        stopping = true;
        try {
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // the stop goes on and closes what is left
        }
    }

    private void drain() throws InterruptedException {
        for (ChannelSource source : sources) {
            try {
                source.stopAccepting();
            } catch (Exception e) {
                // as Camel did for an event notifier: the stop goes on, the others stop accepting too
                LOG.warn("Draining: {} did not stop accepting: {}", source, e.toString());
            }
        }
        int open = clients.size();
        if (timeoutSeconds == 0 || open == 0) {
            return;
        }
        PerditionLog log = context.getRegistry().lookupByNameAndType("perditionLog", PerditionLog.class);
        report(log, "Draining: no new connections; " + open + " open sessions may go on for up to " + timeoutSeconds
                + " s (drain_timeout)");
        long end = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (!clients.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(POLL_MILLIS);   // the stopping thread, never an event loop
        }
        int left = clients.size();
        report(log, left == 0 ? "Drained: every session has ended"
                : "Drain time over: closing the " + left + " sessions still open");
    }

    private static void report(PerditionLog log, String line) {
        if (log != null) {
            log.notice(line);
        }
    }
}
