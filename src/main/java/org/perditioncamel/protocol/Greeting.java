package org.perditioncamel.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import org.perditioncamel.session.NumericAddress;

/**
 * The "&lt;host&gt; &lt;checksum&gt;" end of every greeting. The host is the reverse DNS name of the address the
 * client connected to (numeric with no_lookup, the node name with no_bind_banner); the checksum is an
 * 8-hex-digit sum over the configuration, so a proxy that connects to itself recognises its own greeting.
 */
public final class Greeting {
    private final boolean noLookup;
    private final boolean noBindBanner;
    private final String checksum;
    private final Map<InetAddress, String> names = new ConcurrentHashMap<>();

    public Greeting(boolean noLookup, boolean noBindBanner, SortedMap<String, String> configuration) {
        this.noLookup = noLookup;
        this.noBindBanner = noBindBanner;
        this.checksum = checksum(configuration);
    }

    /** perdition's str_rolling32 idea: a 32-bit sum of the bytes of the option dump. */
    static String checksum(SortedMap<String, String> configuration) {
        long sum = 0;
        for (Map.Entry<String, String> e : configuration.entrySet()) {
            for (byte b : (e.getKey() + "=" + e.getValue() + ",").getBytes(StandardCharsets.UTF_8)) {
                sum = (sum + (b & 0xff)) & 0xffffffffL;
            }
        }
        return String.format("%08x", sum);
    }

    public String checksum() {
        return checksum;
    }

    /**
     * Runs on a Camel worker thread, never on an event loop: the reverse lookup may block. Results are cached
     * per local address, as the set of listening addresses is small.
     */
    public String host(InetSocketAddress local) {
        if (noBindBanner) {
            return nodeName();
        }
        if (local == null) {
            return "localhost";
        }
        InetAddress address = local.getAddress();
        if (noLookup) {
            return NumericAddress.of(address);
        }
        return names.computeIfAbsent(address, InetAddress::getCanonicalHostName);
    }

    private static String nodeName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (Exception e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (Exception ignored) {
                return "localhost";
            }
        }
    }
}
