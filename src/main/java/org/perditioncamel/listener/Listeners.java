package org.perditioncamel.listener;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.ExtendedStartupListener;
import org.perditioncamel.config.StartupFailure;
import org.perditioncamel.events.EventsConfiguration;
import org.perditioncamel.events.OutboxStart;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.session.Protocol;

/**
 * Creates one route from the YAML template "listener" per bind_address entry (perdition opens one socket per
 * entry); its connections come from the socket ListenerSockets picks (see ListenerBootstrap). Template routes can
 * only be added once the YAML templates are loaded, so this runs once the context has started (the listeners open
 * last, when every route they call is ready). Each listener that opens is logged ("listening on …"); one that
 * cannot stops the start with a line that names its address.
 */
public final class Listeners {
    private Listeners() {
    }

    /**
     * @param pipeline    the protocol's pipeline, bound in the registry as {@code initializer}
     * @param sockets     where each listener's connections come from (bound here, systemd's, inetd's)
     */
    public static void add(CamelContext context, Protocol protocol, ProtocolInitializerFactory pipeline,
                           String initializer, List<ListenAddress> addresses, ListenerSockets sockets) throws Exception {
        List<String> ids = new ArrayList<>();
        List<ChannelSource> sources = new ArrayList<>();
        if (context.getRegistry().lookupByName(ListenerExceptions.BEAN) == null) {
            context.getRegistry().bind(ListenerExceptions.BEAN, new ListenerExceptions());
        }
        for (ListenAddress address : addresses) {
            String id = protocol.configName() + "-listener" + (addresses.size() > 1 ? "-" + (ids.size() + 1) : "");
            ChannelSource source = sockets.sourceFor(address.host(), Integer.toString(address.port()));
            ids.add(id);
            sources.add(source);
            context.getRegistry().bind(id + "-bootstrap", new ListenerBootstrap(context, id, pipeline, source));
        }
        ListenerRoutes.of(context).expect(ids);
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                PerditionLog log = ctx.getRegistry().lookupByNameAndType("perditionLog", PerditionLog.class);
                // the outbox broker started beside the routes; a session's first event must find it ready
                OutboxStart outbox = ctx.getRegistry().lookupByNameAndType(OutboxStart.BEAN, OutboxStart.class);
                if (outbox != null) {
                    outbox.await(EventsConfiguration.START_LIMIT);
                }
                for (int n = 0; n < addresses.size(); n++) {
                    ListenAddress address = addresses.get(n);
                    String where = sources.get(n).describe();
                    try {
                        TemplatedRouteBuilder.builder(ctx, "listener")
                                .routeId(ids.get(n))
                                .parameter("protocol", protocol.name())
                                .parameter("host", address.uriHost())
                                .parameter("port", Integer.toString(address.port()))
                                .parameter("initializer", initializer)
                                .parameter("bootstrap", ids.get(n) + "-bootstrap")
                                .add();
                    } catch (Exception e) {
                        throw new StartupFailure("cannot listen on " + where + " (" + protocol.name() + "): "
                                + StartupFailure.rootMessage(e), e);
                    }
                    if (log != null) {
                        log.info("listening on " + where + " (" + protocol.name() + ")");
                    }
                }
            }
        });
    }

}
