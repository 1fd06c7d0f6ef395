package org.perditioncamel.relay;

import org.perditioncamel.config.Settings;

/**
 * The relay after login (not a perdition option).
 *
 * @param splice relay_splice (default true): large transfers between plaintext sockets on Linux's epoll transport
 *               go through splice(2) instead of being copied through the JVM; false copies everything
 */
public record RelaySettings(boolean splice) {
    static final String SPLICE_KEY = "relay_splice";

    public static RelaySettings from(Settings s) {
        return new RelaySettings(s.get(SPLICE_KEY).isEmpty() || s.flag(SPLICE_KEY));
    }
}
