package org.perditioncamel.listener;

import org.perditioncamel.config.Settings;

/**
 * How a stop and a restart treat sessions and sockets, beyond perdition: drain_timeout (seconds the open sessions
 * may go on once a stop has begun; 0 closes them at once) and reuse_port (SO_REUSEPORT on the sockets this process
 * binds, so a new process binds beside the old one and no connection is refused during a restart). The one place
 * their defaults are written in code.
 */
public record RestartSettings(int drainTimeoutSeconds, boolean reusePort) {
    static final int DEFAULT_DRAIN_TIMEOUT = 0;

    public static RestartSettings from(Settings s) {
        int drain = s.integer("drain_timeout", DEFAULT_DRAIN_TIMEOUT);
        if (drain < 0) {
            throw new IllegalArgumentException("drain_timeout: must be 0 or more seconds: " + drain);
        }
        return new RestartSettings(drain, s.flag("reuse_port"));
    }
}
