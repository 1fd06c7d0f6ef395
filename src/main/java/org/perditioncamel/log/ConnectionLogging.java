package org.perditioncamel.log;

/** connection_logging with debug: whether to dump the bytes, and whether passwords may show (log_passwd always). */
public record ConnectionLogging(boolean enabled, boolean showPasswords) {
    public static final ConnectionLogging OFF = new ConnectionLogging(false, false);
}
