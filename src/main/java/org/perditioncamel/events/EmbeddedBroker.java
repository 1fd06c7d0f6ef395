package org.perditioncamel.events;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.BridgeConfiguration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.PageFullMessagePolicy;
import org.apache.camel.support.service.ServiceSupport;

/**
 * This instance's outbox: an Artemis broker in this JVM with its own journal and no network acceptor. Events are
 * sent to it in-VM; for every topic a durable queue keeps them until a core bridge has forwarded them to the hub
 * (or to events.broker_url) and that broker has confirmed them. The bridge reconnects forever and marks each message
 * with a duplicate id, so a resend after a crash or failover is dropped by the target.
 */
public final class EmbeddedBroker extends ServiceSupport {
    /** In-VM acceptor ids are per JVM; tests run many proxies in one. */
    private static final AtomicInteger NEXT_IN_VM_ID = new AtomicInteger(1);
    static final String OUTBOX_PREFIX = "outbox.";
    static final int JOURNAL_SYNC_INTERVAL_NANOS = 20_000_000;

    private final String name;
    private final Path dataDir;
    private final List<String> topics;
    private final BridgeTarget target;
    private final long maxBytes;
    private final int inVmId = nextInVmId();
    private EmbeddedActiveMQ broker;

    /** Where the bridges forward to: one or more Artemis core URLs, with the credentials they log in with. */
    public record BridgeTarget(List<String> urls, String user, String password) {
    }

    static int nextInVmId() {
        return NEXT_IN_VM_ID.getAndIncrement();
    }

    public EmbeddedBroker(String name, Path dataDir, List<String> topics, BridgeTarget target, long maxBytes) {
        this.name = name;
        this.dataDir = dataDir;
        this.topics = List.copyOf(topics);
        this.target = target;
        this.maxBytes = maxBytes;
    }

    ConfigurationImpl configuration() throws Exception {
        ConfigurationImpl config = baseConfiguration("perdition-outbox-" + name, dataDir);
        config.setSecurityEnabled(false);   // no network acceptor: only this JVM can reach it
        config.addAcceptorConfiguration("in-vm", inVmUrl());
        AddressSettings outbox = new AddressSettings()
                // in memory up to a quarter of the bound, then paged to disk up to the bound
                .setMaxSizeBytes(Math.min(16L * 1024 * 1024, maxBytes / 4))
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setPageSizeBytes((int) Math.max(64 * 1024, Math.min(10L * 1024 * 1024, maxBytes / 8)))
                .setPageLimitBytes(maxBytes)
                .setPageFullMessagePolicy(PageFullMessagePolicy.FAIL)
                // a bridge that cannot deliver keeps trying: an event never leaves the outbox for a dead-letter queue
                .setMaxDeliveryAttempts(-1)
                .setDeadLetterAddress(SimpleString.of("perdition.dead"))
                .setExpiryAddress(SimpleString.of("perdition.expired"))
                .setAutoCreateAddresses(false)
                .setAutoCreateQueues(false);
        config.addAddressSetting("#", outbox);
        List<String> connectors = new ArrayList<>();
        for (int i = 0; i < target.urls().size(); i++) {
            config.addConnectorConfiguration("target-" + i, target.urls().get(i));
            connectors.add("target-" + i);
        }
        for (String topic : topics) {
            config.addAddressConfiguration(new CoreAddressConfiguration().setName(topic)
                    .addRoutingType(RoutingType.MULTICAST)
                    .addQueueConfiguration(QueueConfiguration.of(OUTBOX_PREFIX + topic).setAddress(topic)
                            .setRoutingType(RoutingType.MULTICAST).setDurable(true)));
            config.addBridgeConfiguration(new BridgeConfiguration()
                    .setName("bridge." + topic)
                    .setQueueName(OUTBOX_PREFIX + topic)
                    .setForwardingAddress(topic)
                    .setRoutingType(ComponentConfigurationRoutingType.MULTICAST)
                    .setStaticConnectors(connectors)
                    .setHA(false)
                    .setUseDuplicateDetection(true)
                    .setInitialConnectAttempts(-1)
                    .setReconnectAttempts(-1)
                    .setRetryInterval(200)
                    .setRetryIntervalMultiplier(2)
                    .setMaxRetryInterval(5000)
                    // a peer that accepts but never answers (not a broker) is given up on in 10 s, not 30
                    .setCallTimeout(10_000)
                    // sends are confirmed asynchronously in windows of this size: no round trip per event
                    .setConfirmationWindowSize(1024 * 1024)
                    .setProducerWindowSize(1024 * 1024)
                    .setUser(target.user())
                    .setPassword(target.password()));
        }
        return config;
    }

    private static final SecureRandom CLUSTER_RANDOM = new SecureRandom();

    /** What both of our brokers share: a NIO journal under dir, no JMX, small thread pools, no critical analyzer. */
    static ConfigurationImpl baseConfiguration(String name, Path dir) {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName(name);
        config.setPersistenceEnabled(true);
        // NIO works on every filesystem (AIO needs O_DIRECT and libaio)
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(dir.resolve("journal").toString());
        // Persistent sends are still confirmed only once on disk, but the journal writes and syncs what came in
        // 20 ms at once instead of Artemis' 3.3 ms: an event may reach the hub up to ~40 ms later, and a login costs
        // fewer syncs and thread wake-ups (CPU per login 25-40 % lower in a login storm, docs/events.md)
        config.setJournalBufferTimeout_NIO(JOURNAL_SYNC_INTERVAL_NANOS);
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(dir.toString());
        config.setJMXManagementEnabled(false);
        // Artemis lets its cluster user past every security check, and its default password is public ("CHANGE
        // ME!!"): with it anyone who reaches the hub could publish forged events. We run no cluster: an unguessable
        // password of this process alone
        byte[] random = new byte[24];
        CLUSTER_RANDOM.nextBytes(random);
        config.setClusterUser("perdition-no-cluster");
        config.setClusterPassword(HexFormat.of().formatHex(random));
        config.setGlobalMaxSize(64L * 1024 * 1024);
        config.setThreadPoolMaxSize(8);
        config.setScheduledThreadPoolMaxSize(2);
        // its default action on a slow disk is to log or halt the JVM: a proxy must not die of a slow journal
        config.setCriticalAnalyzer(false);
        // the broker's own disk guard (default 90 % full) would block sends silently; the page limit bounds us
        config.setMaxDiskUsage(-1);
        return config;
    }

    @Override
    protected void doStart() throws Exception {
        EmbeddedActiveMQ starting = new EmbeddedActiveMQ();
        starting.setConfiguration(configuration());
        starting.start();
        broker = starting;
    }

    @Override
    protected void doStop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }

    /** The URL our producer connects with. */
    public String inVmUrl() {
        return "vm://" + inVmId;
    }

    public Path dataDir() {
        return dataDir;
    }

    public List<String> topics() {
        return topics;
    }

    /** Whether a bridge is connected to the hub or events.broker_url right now (the broker is reachable). */
    public boolean targetReachable() {
        ActiveMQServer server = server();
        if (server == null || server.getClusterManager() == null) {
            return false;
        }
        for (org.apache.activemq.artemis.core.server.cluster.Bridge bridge : server.getClusterManager().getBridges().values()) {
            if (bridge.isConnected()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the outbox takes events: running, and no topic's pages at events.outbox_max_bytes. */
    public boolean accepting() {
        ActiveMQServer server = server();
        if (server == null || !server.isActive()) {
            return false;
        }
        try {
            for (String topic : topics) {
                org.apache.activemq.artemis.core.paging.PagingStore store =
                        server.getPagingManager().getPageStore(SimpleString.of(topic));
                if (store != null && store.isPageFull()) {
                    return false;
                }
            }
        } catch (Exception e) {
            return false;
        }
        return true;
    }

    private ActiveMQServer server() {
        EmbeddedActiveMQ current = broker;
        return current == null ? null : current.getActiveMQServer();
    }

    /** The outbox queue of a topic, or null while the broker is stopped. */
    Queue outboxQueue(String topic) {
        EmbeddedActiveMQ current = broker;
        ActiveMQServer server = current == null ? null : current.getActiveMQServer();
        return server == null ? null : server.locateQueue(OUTBOX_PREFIX + topic);
    }
}
