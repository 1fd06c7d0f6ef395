package org.perditioncamel.events;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.support.service.ServiceSupport;
import org.perditioncamel.log.PerditionLog;

/**
 * The host's one well-known events broker (events.broker_host:events.broker_port, core + AMQP 1.0 + STOMP), run by
 * whichever instance holds the lock on {@code <state_directory>/hub/hub.lock}. Every instance runs one of these:
 * the first to get the lock loads the hub journal and binds the port; the others stand by in a background thread
 * and never delay their start. When the live one stops or dies its lock goes with it, and a standby takes over the
 * same journal within about a second, so durable subscriptions and undelivered messages survive. This is Artemis's
 * shared-store live/backup idea with the lock taken by us first, so no Artemis start ever waits for a lock.
 */
public final class HubBroker extends ServiceSupport {
    static final long POLL_MILLIS = 1000;
    static final long PORT_RETRY_MILLIS = 5000;
    /** The first redelivery of an event a consumer did not acknowledge; each later one waits twice as long. */
    static final long REDELIVERY_DELAY_MILLIS = 1000;
    private static final String PROTOCOLS = "CORE,AMQP,STOMP";

    private final Path dir;
    private final String host;
    private final int port;
    private final int bridgePort;
    private final HubIdentity identity;
    private final List<String> topics;
    private final EventsSecurity security;
    private final long subscriptionTimeoutMillis;
    private final PerditionLog log;
    private final Object guard = new Object();
    private FileChannel lockChannel;
    private FileLock lock;
    private EmbeddedActiveMQ broker;
    private Thread standby;
    private volatile boolean stopping;
    private boolean portBusyReported;
    private boolean identityConfirmed;

    /** @param subscriptionTimeoutMillis a durable subscription without a consumer this long is removed; 0: never */
    public HubBroker(Path dir, String host, int port, int bridgePort, HubIdentity identity, List<String> topics,
                     EventsSecurity security, long subscriptionTimeoutMillis, PerditionLog log) {
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.bridgePort = bridgePort;
        this.identity = identity;
        this.topics = List.copyOf(topics);
        this.security = security;
        this.subscriptionTimeoutMillis = subscriptionTimeoutMillis;
        this.log = log;
    }

    /** The URL consumers use. */
    public String tcpUrl() {
        return "tcp://" + bracketed(host) + ":" + port;
    }

    /** The TLS acceptor, as shown in log lines. */
    public String bridgeAddress() {
        return bracketed(host) + ":" + bridgePort;
    }

    /** The URL of the TLS acceptor for a client that trusts this hub's certificate only: the bridges, the policy consumer. */
    public String bridgeUrl() {
        return "tcp://" + bridgeAddress() + "?" + identity.clientOptions();
    }

    /** The hub's broker while this instance serves it, else null: DirectToHub routes this process's events into it. */
    ActiveMQServer server() {
        synchronized (guard) {
            return broker == null ? null : broker.getActiveMQServer();
        }
    }

    /** True while this instance serves the hub: its broker has started and is still active. */
    public boolean isLive() {
        synchronized (guard) {
            return broker != null && active(broker);
        }
    }

    /**
     * Artemis stops a broker by itself on a critical error (a journal I/O error), and a start whose activation failed
     * (a port taken after our probe, an unreadable journal) returns without an exception.
     */
    private static boolean active(EmbeddedActiveMQ candidate) {
        ActiveMQServer server = candidate.getActiveMQServer();
        return server != null && server.isStarted() && server.isActive();
    }

    /** Returns at once: the hub is taken over (or waited for) in the background, never on the start's path. */
    @Override
    protected void doStart() throws Exception {
        stopping = false;
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve("hub.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        standby = new Thread(this::standBy, "perdition-events-hub");
        standby.setDaemon(true);
        standby.start();
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        Thread waiting = standby;
        if (waiting != null) {
            waiting.interrupt();
            waiting.join(10_000);
            standby = null;
        }
        synchronized (guard) {
            if (broker != null) {
                broker.stop();
                broker = null;
            }
            if (lock != null) {
                lock.release();
                lock = null;
            }
            if (lockChannel != null) {
                lockChannel.close();
                lockChannel = null;
            }
        }
    }

    /**
     * Stands by until the lock is free, serves the hub, and keeps watching it: a broker that stopped by itself gives
     * the lock up, so that this instance or another serves the hub again (holding the lock, it kept every other
     * instance waiting for good, and their outboxes filled).
     */
    private void standBy() {
        boolean first = true;
        while (!stopping) {
            try {
                if (!first) {
                    Thread.sleep(serving() || lock == null ? POLL_MILLIS : PORT_RETRY_MILLIS);
                }
                if (serving()) {
                    giveUpIfStopped();
                } else if (!tryTakeOver() && first && lock == null) {
                    log.info("Events hub " + tcpUrl() + " is served by another instance; this one stands by to take over");
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (stopping) {
                    return;   // interrupted by our own stop
                }
                log.err("Events hub " + tcpUrl() + ": cannot start (" + e + "); trying again");
            }
            first = false;
        }
    }

    private boolean serving() {
        synchronized (guard) {
            return broker != null;
        }
    }

    private void giveUpIfStopped() {
        synchronized (guard) {
            if (stopping || broker == null || active(broker)) {
                return;
            }
            log.err("Events hub: its broker stopped by itself (the AMQ lines before say why); the hub is free for an"
                    + " instance to serve it again");
            release();
        }
    }

    /** Stops what is left of the broker and gives the lock up; under guard. */
    private void release() {
        try {
            broker.stop();
        } catch (Exception e) {
            // it had stopped already
        }
        broker = null;
        try {
            lock.release();
        } catch (IOException e) {
            // the channel stays open: the lock is taken again through it
        }
        lock = null;
        portBusyReported = false;
    }

    /**
     * Waits up to {@code millis} for this instance to serve the hub; for tests and tools only, never called from a
     * session or an event loop (the stand-by thread above is the only one that waits in production).
     */
    public boolean awaitLive(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!isLive() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        return isLive();
    }

    /** Takes the lock if it is free and, with the port free too, starts the hub broker; true when live. */
    private boolean tryTakeOver() throws Exception {
        synchronized (guard) {
            if (stopping) {
                return false;
            }
            if (lock == null) {
                lock = StateDirectory.tryLock(lockChannel);
                if (lock == null) {
                    return false;
                }
            }
            String busy = !portFree(port) ? tcpUrl() + " is in use by another program (events.broker_port)"
                    : !portFree(bridgePort) ? bridgeAddress() + " is in use by another program (events.bridge_port)"
                    : null;
            if (busy != null) {
                // the lock is ours, so it is no instance of ours: keep the lock and try again, one line only
                if (!portBusyReported) {
                    log.err("Events hub: " + busy + "; trying again every " + PORT_RETRY_MILLIS / 1000 + " s");
                    portBusyReported = true;
                }
                return false;
            }
            if (!identityConfirmed) {
                if (!identity.confirm()) {
                    log.err("Events hub: " + HubIdentity.TRUST_FILE + " and " + HubIdentity.CERTIFICATE_FILE
                            + " did not hold the certificate of " + HubIdentity.KEYSTORE_FILE + "; written again:"
                            + " restart the instances whose bridges cannot reach " + bridgeAddress());
                }
                identityConfirmed = true;
            }
            EmbeddedActiveMQ starting = new EmbeddedActiveMQ();
            starting.setConfiguration(configuration());
            starting.setSecurityManager(security);
            starting.start();
            broker = starting;
            if (!active(starting)) {
                release();
                throw new IllegalStateException("its broker did not become active (the AMQ lines before say why)");
            }
            removeAbandonedSubscriptions(starting.getActiveMQServer());
            log.info("Events hub: serving " + tcpUrl() + " (" + PROTOCOLS + ") and, with TLS, " + bridgeAddress()
                    + " from " + dir.toAbsolutePath());
            return true;
        }
    }

    /** On the broker's own scheduled pool, which stops with it. */
    private void removeAbandonedSubscriptions(ActiveMQServer server) {
        if (subscriptionTimeoutMillis <= 0) {
            return;
        }
        long period = AbandonedSubscriptions.periodMillis(subscriptionTimeoutMillis);
        server.getScheduledPool().scheduleWithFixedDelay(new AbandonedSubscriptions(server, topics,
                subscriptionTimeoutMillis, log, AbandonedSubscriptions::monotonicMillis), period, period, TimeUnit.MILLISECONDS);
    }

    ConfigurationImpl configuration() throws Exception {
        ConfigurationImpl config = EmbeddedBroker.baseConfiguration("perdition-events-hub", dir);
        config.setSecurityEnabled(true);
        // the anonymous loopback rule depends on the address, which a cache keyed by user and password cannot see
        config.setAuthenticationCacheSize(0);
        config.setAuthorizationCacheSize(0);
        config.addAcceptorConfiguration("events", tcpUrl() + "?protocols=" + PROTOCOLS);
        // the bridges publish only here (EventsSecurity): TLS with the identity they pin
        config.addAcceptorConfiguration("bridges", "tcp://" + bridgeAddress() + "?protocols=" + PROTOCOLS + "&"
                + identity.acceptorOptions());
        // consumers may be away for a long time: what their durable subscriptions hold goes to disk, not the heap
        config.addAddressSetting("#", new AddressSettings()
                .setMaxSizeBytes(16L * 1024 * 1024)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                // what a consumer rejects ten times is kept for an operator to look at, not dropped; the ten are
                // spread over about four minutes (1 s, doubling, at most a minute apart), so a consumer that cannot
                // apply an event for a while (the policy consumer's journal on a full disk) gets it again after the
                // trouble, not ten times within milliseconds and then never
                .setRedeliveryDelay(REDELIVERY_DELAY_MILLIS)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000)
                .setDeadLetterAddress(SimpleString.of("perdition.dead"))
                .setAutoCreateDeadLetterResources(true)
                .setExpiryAddress(SimpleString.of("perdition.expired")));
        for (String topic : topics) {
            config.addAddressConfiguration(new CoreAddressConfiguration().setName(topic)
                    .addRoutingType(RoutingType.MULTICAST));
        }
        return config;
    }

    private boolean portFree(int candidate) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, candidate));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
