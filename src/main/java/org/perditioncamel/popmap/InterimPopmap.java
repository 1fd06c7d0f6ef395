package org.perditioncamel.popmap;

import java.util.Optional;

import org.apache.camel.Exchange;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

/** Interim: first outgoing_server entry only; replaced by the popmap chain. */
public final class InterimPopmap {
    private final String outgoingServer;
    private final int outgoingPort;

    public InterimPopmap(String outgoingServer, int outgoingPort) {
        this.outgoingServer = outgoingServer;
        this.outgoingPort = outgoingPort;
    }

    public Destination lookup(Exchange exchange) {
        ProxySession session = exchange.getVariable("session", ProxySession.class);
        Credentials c = exchange.getVariable("credentials", Credentials.class);
        int port = outgoingPort > 0 ? outgoingPort : session.protocol().defaultPort();
        if (outgoingServer == null || outgoingServer.isBlank()) {
            return new Destination(Optional.empty(), c.user(), c.user(), "(null):" + session.protocol().serviceName());
        }
        String first = outgoingServer.split(",")[0];
        String host = first;
        int colon = first.lastIndexOf(':');
        if (colon > 0) {
            host = first.substring(0, colon);
            port = Integer.parseInt(first.substring(colon + 1));
        }
        return new Destination(Optional.of(new OutgoingServer(host, port)), c.user(), c.user(), host + ":" + port);
    }
}
