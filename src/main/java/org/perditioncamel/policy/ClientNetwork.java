package org.perditioncamel.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import io.netty.util.NetUtil;
import org.perditioncamel.session.NumericAddress;

/**
 * The key a client address is granted under: the address itself, or its network with policy.ipv4_prefix /
 * policy.ipv6_prefix ("192.0.2.0/24"). Only numeric addresses are accepted, so nothing here ever asks DNS; an
 * IPv4-mapped IPv6 address (::ffff:192.0.2.10, what a dual-stack socket reports) counts as the IPv4 address.
 */
public final class ClientNetwork {
    private final int ipv4Prefix;
    private final int ipv6Prefix;

    public ClientNetwork(int ipv4Prefix, int ipv6Prefix) {
        this.ipv4Prefix = ipv4Prefix;
        this.ipv6Prefix = ipv6Prefix;
    }

    /** The key for a numeric address (IPv6 with or without brackets), or empty for anything else. */
    public Optional<String> keyOf(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String a = address;
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        byte[] bytes = bytesOf(a);
        if (bytes == null) {
            return Optional.empty();
        }
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        int prefix = bytes.length == 4 ? ipv4Prefix : ipv6Prefix;
        int full = bytes.length * 8;
        for (int bit = prefix; bit < full; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            String network = NumericAddress.of(InetAddress.getByAddress(bytes));
            return Optional.of(prefix == full ? network : network + "/" + prefix);
        } catch (UnknownHostException e) {
            return Optional.empty();   // only for a wrong length, which NetUtil never returns
        }
    }

    /** Whether {@code key} is what these prefixes make of its own address (a journal's key from other prefixes is not). */
    public boolean isCurrentKey(String key) {
        int slash = key.indexOf('/');
        return keyOf(slash < 0 ? key : key.substring(0, slash)).map(key::equals).orElse(false);
    }

    /**
     * Netty reads "::192.0.2.10" (IPv4-compatible, a different address) as ::ffff:192.0.2.10, which would key it as the
     * IPv4 address; an IPv6 literal is read by the JDK instead, which tells the two apart (a literal: no lookup).
     */
    private static byte[] bytesOf(String literal) {
        if (!NetUtil.isValidIpV6Address(literal)) {
            return NetUtil.createByteArrayFromIpAddressString(literal);   // IPv4, or null
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
