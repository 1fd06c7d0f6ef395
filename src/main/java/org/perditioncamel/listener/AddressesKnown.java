package org.perditioncamel.listener;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.netty.channel.Channel;

/**
 * The client's and our addresses are known, so the session can begin: the socket's own addresses at once, or (for
 * a listener behind a load balancer) the ones a PROXY protocol header names, fired as a user event by the handler
 * that read it. {@link ClientConnectedHandler} creates the session on this and nothing earlier.
 */
public record AddressesKnown(InetSocketAddress client, InetSocketAddress local) {

    static AddressesKnown fromSocket(Channel channel) {
        return new AddressesKnown(inet(channel.remoteAddress()), inet(channel.localAddress()));
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
    }
}
