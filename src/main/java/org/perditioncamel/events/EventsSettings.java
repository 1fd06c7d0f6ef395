package org.perditioncamel.events;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.perditioncamel.config.Settings;
import org.perditioncamel.log.LogSettings;

/** The events keys (broker, outbox, hub, topics) with their defaults, written only here (application.properties lists them). */
public final class EventsSettings {
    public static final String QUEUE_SIZE_KEY = "events.queue_size";
    public static final String LINGER_KEY = "events.linger";
    public static final String EMBEDDED = "embedded";

    private final Settings settings;

    public EventsSettings(Settings settings) {
        this.settings = settings;
    }

    /** Empty or "embedded": the instances of this host run the hub; anything else is an Artemis URL to bridge to. */
    public String brokerUrl() {
        return settings.nonEmpty("events.broker_url").orElse(EMBEDDED).trim();
    }

    public boolean embeddedBroker() {
        return EMBEDDED.equals(brokerUrl().toLowerCase(Locale.ROOT));
    }

    /** The instance's outbox journal when set; otherwise {@code <state_directory>/<instance>/outbox}. */
    public Optional<Path> dataDir() {
        return settings.nonEmpty("events.data_dir").map(Path::of);
    }

    /** The hub's acceptor (core, AMQP, STOMP) consumers connect to, and the bridges' target. */
    public String brokerHost() {
        return settings.nonEmpty("events.broker_host").orElse("127.0.0.1");
    }

    public int brokerPort() {
        return settings.integer("events.broker_port", 61616);
    }

    /**
     * The hub's TLS acceptor (HubIdentity): the bridges publish only there and the policy consumer reads there, so
     * neither talks to a program that took a port first. Default: the port after events.broker_port.
     */
    public int bridgePort() {
        int port = settings.integer("events.bridge_port", brokerPort() + 1);
        if (port < 1 || port > 65535 || port == brokerPort()) {
            throw new IllegalArgumentException("events.bridge_port must be a port from 1 to 65535 other than"
                    + " events.broker_port: " + port);
        }
        return port;
    }

    /** A named consumer on the hub; without a password there is none (only anonymous loopback, if allowed). */
    public String consumerUser() {
        return settings.nonEmpty("events.consumer_user").orElse("events");
    }

    public Optional<String> consumerPassword() {
        return settings.nonEmpty("events.consumer_password");
    }

    /** Anonymous consumers from 127.0.0.0/8 and ::1. */
    public boolean anonymousLoopback() {
        return settings.get("events.anonymous_loopback").isEmpty() || settings.flag("events.anonymous_loopback");
    }

    /** Credentials of the bridge towards an external events.broker_url. */
    public Optional<String> bridgeUser() {
        return settings.nonEmpty("events.bridge_user");
    }

    public Optional<String> bridgePassword() {
        return settings.nonEmpty("events.bridge_password");
    }

    /** Bytes the outbox journal may hold (memory, then paging) before new events are refused. */
    public long outboxMaxBytes() {
        return settings.longValue("events.outbox_max_bytes", 256L * 1024 * 1024);
    }

    /**
     * Seconds a durable subscription on the hub may go without a consumer before it is removed with what it holds
     * (AbandonedSubscriptions); 0: never, and an abandoned one grows the hub journal until the disk is full.
     */
    public long subscriptionTimeoutSeconds() {
        long seconds = settings.longValue("events.subscription_timeout", 86_400);
        if (seconds < 0) {
            throw new IllegalArgumentException("events.subscription_timeout must be 0 (never) or more seconds: " + seconds);
        }
        return seconds;
    }

    /** Undelivered events above which a NOTICE line reports the backlog and the delivery rate. */
    public long backlogWarn() {
        return settings.longValue("events.backlog_warn", 10_000);
    }

    /** Events waiting between the sessions and events-publish; the same bound as the log writer's. */
    public int queueSize() {
        return settings.integer(QUEUE_SIZE_KEY, LogSettings.DEFAULT_QUEUE_SIZE);
    }

    /**
     * 50, not 10: in a login storm the events thread and Artemis' threads then wake 20 times a second, not 100, which
     * took a tenth off the CPU per login (docs/benchmark.md, run J); an event in a burst waits at most that long.
     */
    static final int DEFAULT_LINGER_MILLIS = 50;

    /**
     * Milliseconds the events thread sleeps after an event before it takes what came meanwhile (LingeringQueue): the
     * most an event is delayed on its way to the log and the outbox; 0 wakes the thread for each event.
     */
    public int lingerMillis() {
        int millis = settings.integer(LINGER_KEY, DEFAULT_LINGER_MILLIS);
        if (millis < 0 || millis > 1000) {
            throw new IllegalArgumentException(LINGER_KEY + " must be between 0 and 1000 milliseconds: " + millis);
        }
        return millis;
    }

    public String topicConnect() {
        return settings.nonEmpty("events.topic.connect").orElse("perdition.connect");
    }

    public String topicAuth() {
        return settings.nonEmpty("events.topic.auth").orElse("perdition.auth");
    }

    public String topicClose() {
        return settings.nonEmpty("events.topic.close").orElse("perdition.close");
    }

    /** Further topics an operator's routes publish to with eventOutbox.publishTo (docs/routes.md); none by default. */
    public java.util.List<String> topicsExtra() {
        return settings.list("events.topic.extra");
    }
}
