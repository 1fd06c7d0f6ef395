package org.perditioncamel.log;

import org.perditioncamel.config.Settings;

/**
 * perdition's logging options, read once: -F log_facility, -d debug, -q quiet, log_passwd and -C connection_logging,
 * plus where syslog lines go. The one place their defaults are written in code.
 */
public record LogSettings(String logFacility, boolean debug, boolean quiet, LogPasswd logPasswd,
                          boolean connectionLoggingOption, String syslogSocket, String syslogUdp, int queueSize) {
    /** events.queue_size: lines (and events) that may wait for a slow sink before they are dropped and counted. */
    public static final int DEFAULT_QUEUE_SIZE = 50_000;


    public static LogSettings from(Settings s) {
        return new LogSettings(
                s.nonEmpty("log_facility").orElse("mail"),
                s.flag("debug"),
                s.flag("quiet"),
                LogPasswd.parse(s.nonEmpty("log_passwd").orElse("never")),
                s.flag("connection_logging"),
                s.nonEmpty("log.syslog_socket").orElse("/dev/log"),
                s.nonEmpty("log.syslog_udp").orElse("127.0.0.1:514"),
                s.integer("events.queue_size", DEFAULT_QUEUE_SIZE));
    }

    /** Whether any Auth line may show the password: perdition prints it only with debug, and log_passwd decides which. */
    public boolean mayLogPassword() {
        return debug && logPasswd != LogPasswd.NEVER;
    }

    /** connection_logging dumps bytes only with debug (perdition logs them at DEBUG); passwords only with always. */
    public ConnectionLogging connectionLogging() {
        return new ConnectionLogging(connectionLoggingOption && debug, logPasswd == LogPasswd.ALWAYS);
    }
}
