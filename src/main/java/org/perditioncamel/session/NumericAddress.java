package org.perditioncamel.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;

/**
 * An address as getnameinfo(NI_NUMERICHOST) prints it: IPv6 compressed like glibc inet_ntop, no brackets. The one
 * spelling of an address in log lines, events and popmap keys, so one client never appears three ways.
 */
public final class NumericAddress {
    private NumericAddress() {
    }

    public static String of(InetAddress address) {
        if (address == null) {
            return null;
        }
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        Inet6Address v6 = (Inet6Address) address;
        return ipv6(v6.getAddress()) + scope(v6);
    }

    static String ipv6(byte[] bytes) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && words[i] == 0) {
                i++;
            }
            if (i - start > bestLen) {
                bestBase = start;
                bestLen = i - start;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;   // RFC 5952 §4.2.2: a single zero group is not shortened
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    out.append(':');
                }
                continue;
            }
            if (i > 0) {
                out.append(':');
            }
            if (i == 6 && bestBase == 0 && embedsIpv4(words, bestLen)) {
                // inet_ntop writes IPv4-compatible and IPv4-mapped addresses with a dotted tail
                out.append(bytes[12] & 0xff).append('.').append(bytes[13] & 0xff).append('.')
                        .append(bytes[14] & 0xff).append('.').append(bytes[15] & 0xff);
                return out.toString();
            }
            out.append(Integer.toHexString(words[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            out.append(':');
        }
        return out.toString();
    }

    private static boolean embedsIpv4(int[] words, int zeroRun) {
        return zeroRun == 6 || (zeroRun == 7 && words[7] != 0x0001) || (zeroRun == 5 && words[5] == 0xffff);
    }

    private static String scope(Inet6Address address) {
        NetworkInterface nif = address.getScopedInterface();
        if (nif != null) {
            return "%" + nif.getName();
        }
        return address.getScopeId() != 0 ? "%" + address.getScopeId() : "";
    }

    /** The host of a socket address, or "" when there is none (perdition leaves the string empty then). */
    public static String hostOf(InetSocketAddress address) {
        if (address == null || address.getAddress() == null) {
            return "";
        }
        return of(address.getAddress());
    }

    /** The port of a socket address as text, or "" when there is none. */
    public static String portOf(InetSocketAddress address) {
        return address == null ? "" : Integer.toString(address.getPort());
    }

    /** perdition's "&lt;host&gt;:&lt;port&gt;", or "" without an address. */
    public static String hostPort(InetSocketAddress address) {
        return address == null || address.getAddress() == null ? "" : of(address.getAddress()) + ":" + address.getPort();
    }

    /** perdition's "&lt;src&gt;-&gt;&lt;dst&gt;" for free-text log lines. */
    public static String fromTo(ProxySession s) {
        return hostPort(s.client()) + "->" + hostPort(s.local());
    }
}
