package org.perditioncamel.listener;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.perditioncamel.config.ServicePorts;

/**
 * One address a listener binds: a bind_address entry with its port, checked before anything starts, so a typo
 * gives one clear line ("listen_port abc: not a port number …") rather than an error from deep in the URI parser.
 */
public record ListenAddress(String host, int port) {

    /**
     * perdition's bind_address entries (addr[:port], IPv6 as [addr]:port) with listen_port for those without one;
     * no entry means 0.0.0.0 (perdition 2.2 listens on IPv4 only by default).
     */
    public static List<ListenAddress> of(List<String> bindAddresses, String listenPort) {
        List<ListenAddress> out = new ArrayList<>();
        if (bindAddresses.isEmpty()) {
            out.add(new ListenAddress("0.0.0.0", port(listenPort, "listen_port")));
        }
        for (String entry : bindAddresses) {
            String[] hostPort = split(entry);
            out.add(new ListenAddress(resolvable(hostPort[0], entry), hostPort[1] == null
                    ? port(listenPort, "listen_port") : port(hostPort[1], "bind_address " + entry)));
        }
        return List.copyOf(out);
    }

    private static int port(String text, String where) {
        try {
            return ServicePorts.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String resolvable(String host, String entry) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("bind_address " + entry + ": no address");
        }
        try {
            InetAddress.getByName(host);
            return host;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind_address " + entry + ": cannot resolve " + host, e);
        }
    }

    /** addr[:port], IPv6 as [addr]:port; the port is null when the entry has none. */
    static String[] split(String entry) {
        String e = entry.trim();
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bind_address " + entry + ": no ] after the IPv6 address");
            }
            String host = e.substring(1, close);
            String rest = e.substring(close + 1);
            return new String[] {host, rest.startsWith(":") ? rest.substring(1) : null};
        }
        int colon = e.lastIndexOf(':');
        if (colon >= 0 && e.indexOf(':') == colon) {
            return new String[] {e.substring(0, colon), e.substring(colon + 1)};
        }
        return new String[] {e, null};
    }

    /** The host as a URI needs it: IPv6 in brackets. */
    String uriHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return uriHost() + ":" + port;
    }
}
