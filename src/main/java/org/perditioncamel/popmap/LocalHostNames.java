package org.perditioncamel.popmap;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.perditioncamel.session.ReverseNames;

/**
 * Reverse DNS names of the local addresses clients connect to, for -A (add_domain): {@link ReverseNames}, whose
 * {@link #named} the listener waits for before the session starts (as for the greeting's name), so the popmap lookup,
 * which may run on the event loop, finds the answer ready.
 */
final class LocalHostNames implements Function<InetAddress, String> {
    private final ReverseNames names;

    LocalHostNames() {
        this.names = ReverseNames.system();
    }

    LocalHostNames(Function<InetAddress, String> resolver) {
        this.names = new ReverseNames(resolver, System::nanoTime);
    }

    /** Done when {@link #apply} can answer for this address without waiting. */
    CompletableFuture<String> named(InetAddress address) {
        return names.named(address);
    }

    @Override
    public String apply(InetAddress address) {
        return names.apply(address);
    }

    /** Java falls back to its own long IPv6 text (0:0:…:1); perdition's getnameinfo writes ::1. */
    static String nameOrNumeric(String name, InetAddress address) {
        return ReverseNames.nameOrNumeric(name, address);
    }
}
