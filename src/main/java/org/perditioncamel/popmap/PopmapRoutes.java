package org.perditioncamel.popmap;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Ordered;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;

/** Adds popmap routes from the YAML route templates, which exist only once the route files are loaded. */
public final class PopmapRoutes {
    /** Before the listener routes (default order), so no login arrives before its popmap routes exist. */
    static final int ORDER = Ordered.HIGHEST + 100;

    private PopmapRoutes() {
    }

    /** Route routeId from template templateId, added once the context has started, before the listeners open. */
    public static void fromTemplate(CamelContext context, String templateId, String routeId, Map<String, String> parameters) {
        whenStarted(context, ORDER, ctx -> {
            TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(ctx, templateId).routeId(routeId);
            parameters.forEach(builder::parameter);
            builder.add();
        });
    }

    /**
     * A source's lookup of variable queryKey as the typed call {@code <bean>.lookup} for its route ({@code ref:
     * "{{popmap}}.lookup"}): the key reaches the map as the client gave it, where Camel's bean-parameter binding
     * would trim it, strip its quotes and take "null" for no key.
     */
    public static void bindLookup(CamelContext context, String bean, Popmap map) {
        PopmapCalls.bindLookup(context, bean, map);
    }

    interface Step {
        void run(CamelContext context) throws Exception;
    }

    /**
     * Runs step when the context has fully started (routes added before then are not started), in order among such
     * steps; the listener routes are added at the same moment with the default order, that is after these.
     */
    static void whenStarted(CamelContext context, int order, Step step) {
        final class Listener implements StartupListener, Ordered {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                step.run(ctx);
            }

            @Override
            public int getOrder() {
                return order;
            }
        }
        try {
            context.addStartupListener(new Listener());
        } catch (Exception e) {
            throw new IllegalStateException("cannot add a start-up step", e);
        }
    }
}
