package org.perditioncamel.config;

import java.util.Map;

/**
 * Port numbers from the port text perdition accepts: digits, or one of the service names of its protocols.
 */
public final class ServicePorts {
    /**
     * perdition hands port names to getaddrinfo, so /etc/services decides; these are the names its own defaults
     * and popmaps use. Anything else has to be written as a number here.
     */
    private static final Map<String, Integer> SERVICES = Map.of(
            "pop3", 110,
            "pop3s", 995,
            "imap", 143,
            "imap2", 143,
            "imaps", 993,
            "sieve", 4190);

    private ServicePorts() {
    }

    /** The port number for {@code text}; IllegalArgumentException when it is neither 1-65535 nor a known name. */
    public static int parse(String text) {
        Integer known = SERVICES.get(text);
        if (known != null) {
            return known;
        }
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a port number or known service name: " + text);
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + text);
        }
        return port;
    }
}
