package org.perditioncamel.popmap;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.netty.util.NetUtil;

/** The numeric text of an address as getnameinfo(NI_NUMERICHOST) writes it: IPv6 compressed, no brackets. */
final class NumericAddress {
    private NumericAddress() {
    }

    static String of(InetAddress address) {
        // InetAddress.getHostAddress writes 0:0:0:0:0:0:0:1; perdition's keys and logs say ::1 (RFC 5952).
        return NetUtil.toAddressString(address);
    }

    /** The host of a socket address, or "" when there is none (perdition leaves the string empty then). */
    static String hostOf(InetSocketAddress address) {
        if (address == null || address.getAddress() == null) {
            return "";
        }
        return of(address.getAddress());
    }

    /** The port of a socket address as text, or "" when there is none. */
    static String portOf(InetSocketAddress address) {
        return address == null ? "" : Integer.toString(address.getPort());
    }
}
