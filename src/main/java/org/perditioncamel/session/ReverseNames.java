package org.perditioncamel.session;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.netty.util.NetUtil;

/**
 * Reverse DNS names of the local addresses clients connect to (the greeting's host, add_domain's domain), as
 * perdition's getnameinfo gives them: the PTR name through the system's resolver (/etc/hosts, then DNS), not checked
 * against the name's own addresses, else the address in numbers. Java's getCanonicalHostName drops a name whose
 * forward lookup does not give the address back, and then add_domain appended digits where perdition appends the
 * domain.
 *
 * <p>Each address is looked up on a thread of its own, never an event loop: the listener waits for {@link #named}
 * before the session starts. A name is kept for {@link #REFRESH_NANOS}, then looked up again in the background while
 * the old one still answers, so a DNS failure at the first connection is not kept for the life of the process
 * (perdition's children each looked it up again).
 */
public final class ReverseNames implements Function<InetAddress, String> {
    static final long REFRESH_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final ThreadPoolExecutor LOOKUPS = lookups();

    private final Map<InetAddress, Entry> names = new ConcurrentHashMap<>();
    private final Function<InetAddress, String> resolver;
    private final LongSupplier nanoClock;

    /** One for the process: the greeting's host and add_domain's domain ask for the same local addresses. */
    private static final ReverseNames SYSTEM = new ReverseNames(ReverseNames::getnameinfo, System::nanoTime);

    /** The system resolver's names, shared by every user in the process. */
    public static ReverseNames system() {
        return SYSTEM;
    }

    public ReverseNames(Function<InetAddress, String> resolver, LongSupplier nanoClock) {
        this.resolver = resolver;
        this.nanoClock = nanoClock;
    }

    /** Done when {@link #apply} can answer for this address without waiting. */
    public CompletableFuture<String> named(InetAddress address) {
        Entry entry = names.get(address);
        if (entry == null) {
            entry = names.computeIfAbsent(address, a -> new Entry(lookup(a), nanoClock.getAsLong(), false));
        } else if (!entry.refreshing && entry.name.isDone()
                && nanoClock.getAsLong() - entry.lookedUpNanos > REFRESH_NANOS) {
            refresh(address, entry);
        }
        return entry.name;
    }

    /** Waits only for an address nobody asked {@link #named} about first (never so on a session's way). */
    @Override
    public String apply(InetAddress address) {
        return named(address).join();
    }

    /** One refresh at a time per address: lookups that take long while DNS is down must not pile up in the pool. */
    private void refresh(InetAddress address, Entry old) {
        Entry refreshing = new Entry(old.name, old.lookedUpNanos, true);
        if (names.replace(address, old, refreshing)) {
            // the old name answers meanwhile; the new one takes its place when it is there
            lookup(address).whenComplete((name, failure) -> names.replace(address, refreshing,
                    new Entry(name == null ? old.name : CompletableFuture.completedFuture(name), nanoClock.getAsLong(),
                            false)));
        }
    }

    private CompletableFuture<String> lookup(InetAddress address) {
        return CompletableFuture.supplyAsync(() -> resolver.apply(address), LOOKUPS);
    }

    /** getnameinfo(3) with no flags, as perdition calls it; Java's lookup where libc cannot be called. */
    static String getnameinfo(InetAddress address) {
        try {
            return LibC.lookup(address);
        } catch (LinkageError e) {
            return javaLookup(address);
        }
    }

    private static String javaLookup(InetAddress address) {
        try {
            // a fresh copy: an InetAddress built from a host name would answer with that name, not the PTR record
            return nameOrNumeric(InetAddress.getByAddress(address.getAddress()).getCanonicalHostName(), address);
        } catch (UnknownHostException e) {
            return NumericAddress.of(address);
        }
    }

    /** Java falls back to its own long IPv6 text (0:0:…:1); perdition's getnameinfo writes ::1. */
    public static String nameOrNumeric(String name, InetAddress address) {
        if (NetUtil.isValidIpV6Address(name) || NetUtil.isValidIpV4Address(name)) {
            return NumericAddress.of(address);
        }
        return name;
    }

    private static ThreadPoolExecutor lookups() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "perdition-reverse-dns");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private record Entry(CompletableFuture<String> name, long lookedUpNanos, boolean refreshing) {
    }

    /** glibc's getnameinfo through JNA (already loaded for PAM): a sockaddr_in or sockaddr_in6 built by hand. */
    interface LibC extends Library {
        int AF_INET = 2;
        int AF_INET6 = 10;
        int NI_MAXHOST = 1025;

        int getnameinfo(Pointer sockaddr, int length, byte[] host, int hostLength, Pointer service, int serviceLength,
                        int flags);

        static String lookup(InetAddress address) {
            byte[] octets = address.getAddress();
            boolean v4 = octets.length == 4;
            Memory sockaddr = new Memory(28);
            sockaddr.clear();
            sockaddr.setShort(0, (short) (v4 ? AF_INET : AF_INET6));   // sa_family, host order; port 0
            sockaddr.write(v4 ? 4 : 8, octets, 0, octets.length);
            byte[] host = new byte[NI_MAXHOST];
            int rc = Holder.LIBC.getnameinfo(sockaddr, v4 ? 16 : 28, host, host.length, null, 0, 0);
            if (rc != 0) {
                return NumericAddress.of(address);
            }
            int end = 0;
            while (end < host.length && host[end] != 0) {
                end++;
            }
            return nameOrNumeric(new String(host, 0, end, StandardCharsets.ISO_8859_1), address);
        }
    }

    /** Loaded at the first lookup: a machine without JNA's native part falls back to Java's lookup then. */
    private static final class Holder {
        static final LibC LIBC = Native.loadLibrary("c", LibC.class);
    }
}
