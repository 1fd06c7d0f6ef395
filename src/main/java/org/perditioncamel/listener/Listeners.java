package org.perditioncamel.listener;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.ExtendedStartupListener;
import org.perditioncamel.config.StartupFailure;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.session.Protocol;

/**
 * Creates one route from the YAML template "listener" per bind_address entry (perdition opens one socket per
 * entry). Template routes can only be added once the YAML templates are loaded, so this runs once the context has started
 * (the listeners open last, when every route they call is ready). Each bound address is logged ("listening on …");
 * one that cannot be bound stops the start with a line that names it.
 */
public final class Listeners {
    private Listeners() {
    }

    public static void add(CamelContext context, Protocol protocol, String initializer, List<ListenAddress> addresses)
            throws Exception {
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                PerditionLog log = ctx.getRegistry().lookupByNameAndType("perditionLog", PerditionLog.class);
                int n = 0;
                for (ListenAddress address : addresses) {
                    String id = protocol.configName() + "-listener" + (addresses.size() > 1 ? "-" + (++n) : "");
                    try {
                        TemplatedRouteBuilder.builder(ctx, "listener")
                                .routeId(id)
                                .parameter("protocol", protocol.name())
                                .parameter("host", address.uriHost())
                                .parameter("port", Integer.toString(address.port()))
                                .parameter("initializer", initializer)
                                .add();
                    } catch (Exception e) {
                        throw new StartupFailure("cannot listen on " + address + " (" + protocol.name() + "): "
                                + rootMessage(e), e);
                    }
                    if (log != null) {
                        log.info("listening on " + address + " (" + protocol.name() + ")");
                    }
                }
            }
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
