package org.perditioncamel.log;

/** syslog(3) priorities, most severe first; the code is the one in the PRI part of a syslog datagram. */
public enum Severity {
    EMERG, ALERT, CRIT, ERR, WARNING, NOTICE, INFO, DEBUG;

    public int code() {
        return ordinal();
    }

    /** True when a line of this severity passes a logger whose threshold is {@code max}. */
    public boolean within(Severity max) {
        return ordinal() <= max.ordinal();
    }
}
