package org.perditioncamel.popmap;

import org.perditioncamel.config.ServicePorts;
import java.util.Optional;

/**
 * A popmap answer {@code [user<delim>]host[:port]} taken apart (perdition's user_server_port); the server is
 * empty when the answer names no host.
 */
public record UserServerPort(Optional<String> user, Optional<OutgoingServer> server) {
    /** No user, no server: what a -c name with nothing after its delimiter gives. */
    public static final UserServerPort NONE = new UserServerPort(Optional.empty(), Optional.empty());

    /**
     * Parses like perdition's user_server_port_strn_assign: the port after the last {@code :} (or after
     * {@code ]} for an IPv6 literal {@code [addr]}), the user before the last {@code delimiter}. An empty user
     * counts as none. IllegalArgumentException for a bad port or an IPv6 address without brackets.
     */
    public static UserServerPort parse(String value, String delimiter) {
        String rest = value;
        String port = null;
        boolean ipv6Literal = false;
        int right = rest.lastIndexOf(']');
        if (right >= 0) {
            int left = rest.indexOf('[');
            if (left >= 0 && right - left > 2) {    // at least [::]
                ipv6Literal = true;
                if (right + 1 < rest.length() && rest.charAt(right + 1) == ':') {
                    port = rest.substring(right + 2);
                    rest = rest.substring(0, right + 1);
                }
            }
        }
        if (!ipv6Literal) {
            int colon = rest.lastIndexOf(':');
            if (colon >= 0) {
                port = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
            }
        }

        String user = null;
        String host = rest;
        int at = rest.lastIndexOf(delimiter);
        if (at >= 0) {
            user = rest.substring(0, at);
            host = rest.substring(at + delimiter.length());
        }
        if (ipv6Literal && host.startsWith("[")) {
            int close = host.indexOf(']');
            host = host.substring(1, close < 0 ? host.length() : close);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv6 address must be written [address]: " + value);
        }

        Optional<String> userPart = Optional.ofNullable(user).filter(u -> !u.isEmpty());
        if (host.isEmpty()) {
            // perdition then falls back to -s for host and port alike, so a lone port is dropped.
            return new UserServerPort(userPart, Optional.empty());
        }
        int portNumber = port == null || port.isEmpty() ? OutgoingServer.NO_PORT : ServicePorts.parse(port);
        String portName = portNumber != OutgoingServer.NO_PORT && !port.equals(Integer.toString(portNumber)) ? port : null;
        return new UserServerPort(userPart, Optional.of(new OutgoingServer(host, portNumber, portName)));
    }
}
