package org.perditioncamel.events;

import java.nio.file.Path;
import java.util.Locale;

import org.perditioncamel.config.Settings;

/** The logging and events keys with their defaults; events-defaults.properties holds the same values for operators. */
public final class EventsSettings {
    public static final String EMBEDDED = "embedded";

    private final Settings settings;

    public EventsSettings(Settings settings) {
        this.settings = settings;
    }

    /** perdition -F: a syslog facility name, a file when it starts with '/', '-' for stdout, '+' for stderr. */
    public String logFacility() {
        return settings.nonEmpty("log_facility").orElse("mail");
    }

    public boolean debug() {
        return settings.flag("debug");
    }

    public boolean quiet() {
        return settings.flag("quiet");
    }

    public LogPasswd logPasswd() {
        return LogPasswd.parse(settings.nonEmpty("log_passwd").orElse("never"));
    }

    /** The unix datagram socket of the local syslog daemon. */
    public String syslogSocket() {
        return settings.nonEmpty("log.syslog_socket").orElse("/dev/log");
    }

    /** Where syslog lines go when the unix socket cannot be used: host:port, UDP. */
    public String syslogUdp() {
        return settings.nonEmpty("log.syslog_udp").orElse("127.0.0.1:514");
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
