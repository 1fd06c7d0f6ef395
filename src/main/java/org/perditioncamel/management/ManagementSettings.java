package org.perditioncamel.management;

import org.perditioncamel.config.Settings;

/**
 * The management port (not a perdition option): Prometheus metrics and health checks over HTTP.
 *
 * @param port        management_port: 0 (the default) leaves it off
 * @param bindAddress management_bind_address: loopback unless an operator opens it wider
 */
public record ManagementSettings(int port, String bindAddress) {
    static final String PORT_KEY = "management_port";
    static final String BIND_ADDRESS_KEY = "management_bind_address";
    static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    public ManagementSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT_KEY + " must be a port number (1-65535), or 0 for none: " + port);
        }
        if (bindAddress.isEmpty()) {
            throw new IllegalArgumentException(BIND_ADDRESS_KEY + " must name an address, e.g. " + DEFAULT_BIND_ADDRESS);
        }
    }

    public boolean enabled() {
        return port > 0;
    }

    public static ManagementSettings from(Settings s) {
        ManagementSettings settings = new ManagementSettings(s.integer(PORT_KEY, 0),
                s.string(BIND_ADDRESS_KEY, DEFAULT_BIND_ADDRESS).trim());
        if (settings.enabled() && s.flag("inetd_mode")) {
            // one process per connection: the second would find the port taken and lose its session
            throw new IllegalArgumentException(PORT_KEY + " cannot be used with inetd_mode (one process per connection);"
                    + " use the standalone or systemd socket-activated mode for metrics and health");
        }
        return settings;
    }
}
