package org.perditioncamel.events;

import java.nio.file.Path;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.support.service.ServiceSupport;

/**
 * An ActiveMQ Artemis broker in this JVM for the session events: persistent journal under events.data_dir,
 * an in-VM acceptor (vm://0) for our producer and a TCP acceptor for SMTP-side consumers. Security is off, so the
 * TCP acceptor belongs on a loopback or otherwise trusted address.
 */
public final class EmbeddedBroker extends ServiceSupport {
    public static final String IN_VM_URL = "vm://0";

    private final Path dataDir;
    private final String host;
    private final int port;
    private EmbeddedActiveMQ broker;

    public EmbeddedBroker(Path dataDir, String host, int port) {
        this.dataDir = dataDir;
        this.host = host;
        this.port = port;
    }

    Configuration configuration() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("perdition-events");
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        // NIO works on every filesystem (AIO needs O_DIRECT and libaio); event volume is small
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(dataDir.resolve("journal").toString());
        config.setBindingsDirectory(dataDir.resolve("bindings").toString());
        config.setPagingDirectory(dataDir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(dataDir.toString());
        config.setJMXManagementEnabled(false);
        config.addAcceptorConfiguration("in-vm", IN_VM_URL);
        config.addAcceptorConfiguration("tcp", "tcp://" + bracketed(host) + ":" + port);
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

    /** The URL an SMTP-side consumer uses. */
    public String tcpUrl() {
        return "tcp://" + bracketed(host) + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    private static String bracketed(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
