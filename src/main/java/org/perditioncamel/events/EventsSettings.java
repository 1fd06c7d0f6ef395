package org.perditioncamel.events;

import java.nio.file.Path;
import java.util.Locale;

import org.perditioncamel.config.Settings;

/** The events keys (broker, outbox, topics) with their defaults; events-defaults.properties shows them to operators. */
public final class EventsSettings {
    public static final String EMBEDDED = "embedded";

    private final Settings settings;

    public EventsSettings(Settings settings) {
        this.settings = settings;
    }

    /** Empty or "embedded": start a broker in this JVM; anything else is an Artemis client URL. */
    public String brokerUrl() {
        return settings.nonEmpty("events.broker_url").orElse(EMBEDDED).trim();
    }

    public boolean embeddedBroker() {
        return EMBEDDED.equals(brokerUrl().toLowerCase(Locale.ROOT));
    }

    public Path dataDir() {
        return Path.of(settings.nonEmpty("events.data_dir").orElse("var/artemis"));
    }

    public String brokerHost() {
        return settings.nonEmpty("events.broker_host").orElse("127.0.0.1");
    }

    public int brokerPort() {
        return settings.integer("events.broker_port", 61616);
    }

    public Path spoolDir() {
        return Path.of(settings.nonEmpty("events.spool_dir").orElse("var/events/outbox"));
    }

    public long spoolMaxBytes() {
        return settings.longValue("events.spool_max_bytes", 256L * 1024 * 1024);
    }

    public int queueSize() {
        return settings.integer("events.queue_size", 50_000);
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
}
