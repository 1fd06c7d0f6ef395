package org.perditioncamel.bench;

import java.io.IOException;

/**
 * A consumer of the proxy's event hub (perdition.connect, perdition.auth, perdition.close) that counts the events it
 * receives; the scenarios compare the count with the events the storm must have caused. The hub runs in the proxy's
 * process, so what its delivery costs is charged to the proxy: by default the consumer speaks Artemis' core protocol,
 * as perdition-policy (our SMTP-side consumer) and any JMS client do; {@code --events-protocol stomp} measures a STOMP
 * consumer instead (JDK only), and {@code remote} asks a long-lived core consumer ({@link EventCounterServer}) for its
 * count, so that the generator's JVM does not load and compile Artemis' client in every storm.
 */
interface EventCounter extends AutoCloseable {
    /** Events received so far. */
    long received();

    /** Whether the subscription is in place. */
    boolean connected();

    @Override
    void close() throws IOException;

    static EventCounter open(String protocol, String host, int port) throws IOException {
        return switch (protocol) {
            case "stomp" -> new StompEventCounter(host, port);
            case "core" -> CoreEventCounter.open(host, port);
            case "remote" -> new RemoteEventCounter(host, port);
            default -> throw new IllegalArgumentException("--events-protocol: core, stomp or remote, not " + protocol);
        };
    }
}
