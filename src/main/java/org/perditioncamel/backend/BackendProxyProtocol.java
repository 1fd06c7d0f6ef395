package org.perditioncamel.backend;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;

/**
 * backend_proxy_protocol (off, v1, v2; &lt;proto&gt;.backend_proxy_protocol per protocol), beyond perdition: a PROXY
 * header naming the client's real address as the first bytes to every backend of the protocol, so a server that
 * trusts us (Dovecot's haproxy_trusted_networks) logs and limits by the client, not by the proxy.
 */
public enum BackendProxyProtocol {
    OFF, V1, V2;

    public static BackendProxyProtocol from(Settings s, Protocol p) {
        String own = p.configName() + ".backend_proxy_protocol";
        String key = s.get(own).isPresent() ? own : "backend_proxy_protocol";
        String value = s.string(key, "off").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "off", "false", "no" -> OFF;
            case "v1" -> V1;
            case "v2" -> V2;
            default -> throw new IllegalArgumentException(key + " must be off, v1 or v2, not " + value);
        };
    }

    /**
     * The header for a client at {@code client} that connected to {@code local}; without both addresses (a
     * connection inherited from inetd on a pipe) the header says so (UNKNOWN, LOCAL) and the backend uses ours.
     */
    HAProxyMessage header(InetSocketAddress client, InetSocketAddress local) {
        HAProxyProtocolVersion version = this == V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2;
        if (client == null || local == null || client.getAddress() == null || local.getAddress() == null) {
            return new HAProxyMessage(version, version == HAProxyProtocolVersion.V1 ? HAProxyCommand.PROXY : HAProxyCommand.LOCAL,
                    HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0);
        }
        InetAddress source = client.getAddress();
        InetAddress destination = local.getAddress();
        boolean v4 = source instanceof Inet4Address && destination instanceof Inet4Address;
        return new HAProxyMessage(version, HAProxyCommand.PROXY,
                v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                literal(source, v4), literal(destination, v4), client.getPort(), local.getPort());
    }

    /** One family for both ends: an IPv4 end beside an IPv6 one is written IPv4-mapped. */
    private static String literal(InetAddress address, boolean v4) {
        if (v4 || !(address instanceof Inet4Address)) {
            return NetUtil.toAddressString(address);
        }
        return "::ffff:" + address.getHostAddress();
    }
}
