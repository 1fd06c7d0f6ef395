package org.perditioncamel.tls;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls {@link ServerTls#reloadIfChanged()} every few seconds on one daemon thread, until closed. */
final class TlsReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsReloader.class);

    private final ScheduledExecutorService executor;

    TlsReloader(ServerTls server, long intervalSeconds) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> check(server), intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    private static void check(ServerTls server) {
        try {
            server.reloadIfChanged();
        } catch (RuntimeException e) {
            // a failed check must not cancel the schedule
            LOG.error("TLS certificate check failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
