package org.perditioncamel.listener;

import java.util.List;
import java.util.Locale;

import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;

/**
 * The PROXY protocol on one protocol's listeners, beyond perdition (which has none): proxy_protocol (off, v1, v2,
 * any), proxy_protocol_trusted_networks and proxy_protocol_timeout, each overridable as &lt;proto&gt;.key like
 * &lt;proto&gt;.bind_address. The one place their defaults are written in code.
 */
public record ProxyProtocolSettings(Mode mode, TrustedNetworks trusted, int timeoutSeconds) {

    static final int DEFAULT_TIMEOUT = 5;
    public static final ProxyProtocolSettings OFF = new ProxyProtocolSettings(Mode.OFF, TrustedNetworks.parse("", List.of()), DEFAULT_TIMEOUT);

    /** Which header versions a trusted peer may send. */
    public enum Mode {
        OFF, V1, V2, ANY;

        boolean accepts(HAProxyProtocolVersion version) {
            return this == ANY || (this == V1 && version == HAProxyProtocolVersion.V1)
                    || (this == V2 && version == HAProxyProtocolVersion.V2);
        }
    }

    public boolean enabled() {
        return mode != Mode.OFF;
    }

    public static ProxyProtocolSettings from(Settings s, Protocol p) {
        String modeKey = key(s, p, "proxy_protocol");
        Mode mode;
        String value = s.string(modeKey, "off").trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "", "off", "false", "no" -> mode = Mode.OFF;
            case "v1" -> mode = Mode.V1;
            case "v2" -> mode = Mode.V2;
            case "any" -> mode = Mode.ANY;
            default -> throw new IllegalArgumentException(modeKey + " must be off, v1, v2 or any, not " + value);
        }
        String trustedKey = key(s, p, "proxy_protocol_trusted_networks");
        TrustedNetworks trusted = TrustedNetworks.parse(trustedKey, s.list(trustedKey));
        if (mode != Mode.OFF && trusted.isEmpty()) {
            // nobody trusted would make the listener refuse every balanced connection: say so at start
            throw new IllegalArgumentException(modeKey + " = " + value + " needs " + trustedKey
                    + ": the addresses of the load balancers allowed to send the header");
        }
        String timeoutKey = key(s, p, "proxy_protocol_timeout");
        int timeout = s.integer(timeoutKey, DEFAULT_TIMEOUT);
        if (timeout <= 0) {
            throw new IllegalArgumentException(timeoutKey + " must be a positive number of seconds: " + timeout);
        }
        return new ProxyProtocolSettings(mode, trusted, timeout);
    }

    /** &lt;proto&gt;.key when set, else key. */
    private static String key(Settings s, Protocol p, String key) {
        String own = p.configName() + "." + key;
        return s.get(own).isPresent() ? own : key;
    }
}
