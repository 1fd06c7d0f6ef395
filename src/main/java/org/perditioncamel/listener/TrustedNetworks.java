package org.perditioncamel.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;

/** proxy_protocol_trusted_networks: the load balancers allowed to name another client's address, as CIDR blocks. */
public final class TrustedNetworks {
    private final List<IpSubnetFilterRule> rules;
    private final List<String> text;

    private TrustedNetworks(List<IpSubnetFilterRule> rules, List<String> text) {
        this.rules = rules;
        this.text = List.copyOf(text);
    }

    /** @param entries "10.0.0.0/8", "2001:db8::/32" or a single address; IllegalArgumentException naming a bad one */
    public static TrustedNetworks parse(String key, List<String> entries) {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (String entry : entries) {
            rules.add(rule(key, entry));
        }
        return new TrustedNetworks(rules, entries);
    }

    private static IpSubnetFilterRule rule(String key, String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        // a literal only: a name here would mean a DNS lookup deciding whom we trust
        if (!NetUtil.isValidIpV4Address(address) && !NetUtil.isValidIpV6Address(address)) {
            throw new IllegalArgumentException(key + ": not an IP address or CIDR block: " + entry);
        }
        int max = NetUtil.isValidIpV4Address(address) ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException(key + ": bad prefix length in " + entry);
            }
        }
        return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public boolean contains(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return false;
        }
        InetAddress address = inet.getAddress();
        for (IpSubnetFilterRule rule : rules) {
            if (rule.matches(new InetSocketAddress(address, 0))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", text);
    }
}
