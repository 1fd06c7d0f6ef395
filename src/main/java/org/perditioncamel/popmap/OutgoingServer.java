package org.perditioncamel.popmap;

import java.util.ArrayList;
import java.util.List;

/**
 * A backend ("real server") host and port; port {@link #NO_PORT} means none was given (perdition(8) -s). portName is
 * the service name the port was given as (pop3s), which perdition logs instead of the number; it takes no part in
 * equality.
 */
public record OutgoingServer(String host, int port, String portName) {
    public static final int NO_PORT = -1;

    public OutgoingServer(String host, int port) {
        this(host, port, null);
    }

    public OutgoingServer {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (port != NO_PORT && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses one -s entry: {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}. A {@code user@}
     * prefix is accepted and ignored, as perdition does.
     */
    public static OutgoingServer parse(String spec) {
        return parse(spec, "@");
    }

    /** As {@link #parse(String)}, with the user part ending at the last {@code delimiter} (-D). */
    public static OutgoingServer parse(String spec, String delimiter) {
        return UserServerPort.parse(spec, delimiter).server()
                .orElseThrow(() -> new IllegalArgumentException("no host in server " + spec));
    }

    /** Parses the -s/--outgoing_server list: entries separated by commas; empty entries are skipped. */
    public static List<OutgoingServer> parseList(String list, String delimiter) {
        List<OutgoingServer> servers = new ArrayList<>();
        if (list == null) {
            return servers;
        }
        for (String entry : list.split(",")) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty()) {
                try {
                    servers.add(parse(trimmed, delimiter));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("outgoing_server " + trimmed + ": " + e.getMessage(), e);
                }
            }
        }
        return List.copyOf(servers);
    }

    public boolean hasPort() {
        return port != NO_PORT;
    }

    public OutgoingServer withPort(int newPort) {
        return new OutgoingServer(host, newPort);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutgoingServer other && host.equals(other.host) && port == other.port;
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    private String portForLog() {
        return portName != null ? portName : Integer.toString(port);
    }

    /** perdition's log form {@code host:port}, IPv6 without brackets; just the host when there is no port. */
    public String forLog() {
        return hasPort() ? host + ":" + portForLog() : host;
    }

    /** perdition's log form, with {@code portWhenNone} (e.g. "pop3") when no port was given. */
    public String forLog(String portWhenNone) {
        return host + ":" + (hasPort() ? portForLog() : portWhenNone);
    }

    /** The form accepted by {@link #parse(String)}: IPv6 literals in brackets. */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return hasPort() ? h + ":" + port : h;
    }
}
