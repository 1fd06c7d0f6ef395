package org.perditioncamel.listener;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.ExtendedStartupListener;
import org.perditioncamel.session.Protocol;

/**
 * Creates one route from the YAML template "listener" per bind_address entry (perdition opens one socket per
 * entry); its connections come from the socket ListenerSockets picks (see ListenerBootstrap). Template routes can only be added once the YAML templates are loaded, so this runs once the context has started
 * (the listeners open last, when every route they call is ready).
 */
public final class Listeners {
    private Listeners() {
    }

    /**
     * @param pipeline    the protocol's pipeline, bound in the registry as {@code initializer}
     * @param sockets     where each listener's connections come from (bound here, systemd's, inetd's)
     */
    public static void add(CamelContext context, Protocol protocol, ProtocolInitializerFactory pipeline,
                           String initializer, List<String> bindAddresses, String defaultPort,
                           ListenerSockets sockets) throws Exception {
        List<String[]> endpoints = new ArrayList<>();
        if (bindAddresses.isEmpty()) {
            endpoints.add(new String[] {"0.0.0.0", defaultPort});   // perdition 2.2 listens on IPv4 only by default
        }
        for (String entry : bindAddresses) {
            endpoints.add(split(entry, defaultPort));
        }
        List<String> ids = new ArrayList<>();
        for (String[] hostPort : endpoints) {
            String id = protocol.configName() + "-listener" + (endpoints.size() > 1 ? "-" + (ids.size() + 1) : "");
            ids.add(id);
            context.getRegistry().bind(id + "-bootstrap", new ListenerBootstrap(context, id, pipeline,
                    sockets.sourceFor(hostPort[0], hostPort[1])));
        }
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                for (int n = 0; n < endpoints.size(); n++) {
                    String[] hostPort = endpoints.get(n);
                    TemplatedRouteBuilder.builder(ctx, "listener")
                            .routeId(ids.get(n))
                            .parameter("protocol", protocol.name())
                            .parameter("host", hostPort[0].contains(":") ? "[" + hostPort[0] + "]" : hostPort[0])
                            .parameter("port", hostPort[1])
                            .parameter("initializer", initializer)
                            .parameter("bootstrap", ids.get(n) + "-bootstrap")
                            .add();
                }
            }
        });
    }

    /** addr[:port], IPv6 as [addr]:port. */
    static String[] split(String entry, String defaultPort) {
        String e = entry.trim();
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            String host = e.substring(1, close);
            String rest = e.substring(close + 1);
            return new String[] {host, rest.startsWith(":") ? rest.substring(1) : defaultPort};
        }
        int colon = e.lastIndexOf(':');
        if (colon > 0 && e.indexOf(':') == colon) {
            return new String[] {e.substring(0, colon), e.substring(colon + 1)};
        }
        return new String[] {e, defaultPort};
    }
}
