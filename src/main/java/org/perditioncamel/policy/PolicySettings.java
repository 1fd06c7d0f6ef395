package org.perditioncamel.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.perditioncamel.config.Settings;
import org.perditioncamel.events.EventsSettings;
import org.perditioncamel.events.HubIdentity;
import org.perditioncamel.events.StateDirectory;

/** The policy.* keys of the POP-before-SMTP consumer with their defaults, written only here (docs/configuration.md). */
public final class PolicySettings {
    public static final String ENABLED_KEY = "policy.enabled";
    public static final String HOST_KEY = "policy.listen_host";
    public static final String PORT_KEY = "policy.listen_port";
    public static final String SUBSCRIPTION_KEY = "policy.subscription";
    public static final String TOPIC_AUTH_KEY = "events.topic.auth";
    public static final String TOPIC_CLOSE_KEY = "events.topic.close";

    private final Settings settings;
    private final EventsSettings events;

    public PolicySettings(Settings settings) {
        this.settings = settings;
        this.events = new EventsSettings(settings);
    }

    /** The consumer and its Postfix listener run in this process (bin/perdition-policy sets it). */
    public boolean enabled() {
        return settings.flag(ENABLED_KEY);
    }

    /** How long a successful login lets its client relay, as pop-before-smtp's 30 minutes. */
    public Duration window() {
        return Duration.ofSeconds(settings.longValue("policy.window", 1800));
    }

    /** Grant whole networks: 24 makes a login from 192.0.2.10 open 192.0.2.0/24. */
    public int ipv4Prefix() {
        return prefix("policy.ipv4_prefix", 32);
    }

    public int ipv6Prefix() {
        return prefix("policy.ipv6_prefix", 128);
    }

    private int prefix(String key, int max) {
        int value = settings.integer(key, max);
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(key + " must be 0 to " + max + ": " + value);
        }
        return value;
    }

    /** The address of the Postfix policy listener; loopback, since the protocol has no authentication. */
    public String listenHost() {
        return settings.nonEmpty(HOST_KEY).orElse("127.0.0.1");
    }

    public int listenPort() {
        return settings.integer(PORT_KEY, 10031);
    }

    /** Longest request (all its lines) before the answer is DUNNO and the connection is closed. */
    public int maxRequestBytes() {
        return settings.integer("policy.max_request_bytes", 16384);
    }

    /** A policy connection that says nothing this long is closed (Postfix's own max_idle is 300 s). */
    public int idleTimeoutSeconds() {
        return settings.integer("policy.idle_timeout", 1000);
    }

    /**
     * The broker holding the events: policy.broker_url when set (another broker, a cluster, a remote hub), else the
     * host's hub on its TLS port, trusting only the certificate of this state directory's hub (HubIdentity).
     */
    public String brokerUrl() {
        return settings.nonEmpty("policy.broker_url").orElseGet(() -> HubIdentity.clientUrl(StateDirectory.root(settings),
                events.brokerHost(), events.bridgePort()));
    }

    public Optional<String> brokerUser() {
        return settings.nonEmpty("policy.broker_user")
                .or(() -> events.consumerPassword().map(password -> events.consumerUser()));
    }

    public Optional<String> brokerPassword() {
        return settings.nonEmpty("policy.broker_password").or(events::consumerPassword);
    }

    /**
     * The durable subscription's name; every SMTP host needs its own, so the default carries the host name. The JMS
     * client ids are this name plus ".auth" and ".close".
     */
    public String subscription() {
        return settings.nonEmpty(SUBSCRIPTION_KEY).orElseGet(() -> "pop-before-smtp." + localHostName());
    }

    public String topicAuth() {
        return events.topicAuth();
    }

    public String topicClose() {
        return events.topicClose();
    }

    /** The grants journal: policy.state_file, else {@code <state_directory>/<instance>/policy-grants}. */
    public Path stateFile(Path instanceDir) {
        return settings.nonEmpty("policy.state_file").map(Path::of).orElse(instanceDir.resolve("policy-grants"));
    }

    static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
