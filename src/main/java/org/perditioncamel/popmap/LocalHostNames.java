package org.perditioncamel.popmap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.netty.util.NetUtil;
import org.perditioncamel.session.NumericAddress;

/**
 * Reverse DNS names of the local addresses clients connect to (for -A), falling back to the numeric address as
 * getnameinfo does. Cached: a proxy has few local addresses, and the lookup blocks.
 */
final class LocalHostNames implements Function<InetAddress, String> {
    private final Map<InetAddress, String> names = new ConcurrentHashMap<>();
    private final Function<InetAddress, String> resolver;

    LocalHostNames() {
        this(LocalHostNames::reverseLookup);
    }

    LocalHostNames(Function<InetAddress, String> resolver) {
        this.resolver = resolver;
    }

    /**
     * Blocks on DNS the first time per address. That is only acceptable because the popmap lookup runs on a
     * Camel worker thread, never on a Netty event loop.
     */
    @Override
    public String apply(InetAddress address) {
        return names.computeIfAbsent(address, resolver);
    }

    private static String reverseLookup(InetAddress address) {
        try {
            // A fresh copy: an InetAddress built from a host name would answer with that name, not the PTR record.
            return nameOrNumeric(InetAddress.getByAddress(address.getAddress()).getCanonicalHostName(), address);
        } catch (UnknownHostException e) {
            return NumericAddress.of(address);
        }
    }

    /** Java falls back to its own long IPv6 text (0:0:…:1); perdition's getnameinfo writes ::1. */
    static String nameOrNumeric(String name, InetAddress address) {
        if (NetUtil.isValidIpV6Address(name) || NetUtil.isValidIpV4Address(name)) {
            return NumericAddress.of(address);
        }
        return name;
    }
}
