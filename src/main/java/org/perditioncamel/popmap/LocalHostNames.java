package org.perditioncamel.popmap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Function;

import io.netty.util.NetUtil;
import org.perditioncamel.session.NumericAddress;

/**
 * Reverse DNS names of the local addresses clients connect to (for -A), falling back to the numeric address as
 * getnameinfo does. Looked up once per address on a thread of its own: the listener waits for {@link #named} before
 * the session starts (as for the greeting's name), so the popmap lookup, which may run on the event loop, finds the
 * answer ready.
 */
final class LocalHostNames implements Function<InetAddress, String> {
    /** A thread only while a lookup runs; a proxy has few local addresses. */
    private static final ThreadPoolExecutor LOOKUPS = DaemonPool.of(2, "perdition-add-domain-dns");
    private final Map<InetAddress, CompletableFuture<String>> names = new ConcurrentHashMap<>();
    private final Function<InetAddress, String> resolver;

    LocalHostNames() {
        this(LocalHostNames::reverseLookup);
    }

    LocalHostNames(Function<InetAddress, String> resolver) {
        this.resolver = resolver;
    }

    /** Done when {@link #apply} can answer for this address without waiting. */
    CompletableFuture<String> named(InetAddress address) {
        CompletableFuture<String> name = names.get(address);
        return name != null ? name : names.computeIfAbsent(address,
                a -> CompletableFuture.supplyAsync(() -> resolver.apply(a), LOOKUPS));
    }

    /** Waits only for an address nobody asked {@link #named} about first (never so on a session's way). */
    @Override
    public String apply(InetAddress address) {
        return named(address).join();
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
