package org.perditioncamel.popmap;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.perditioncamel.metrics.ProxyMetrics;
import org.apache.camel.Configuration;
import org.perditioncamel.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the beans of routes/popmap.camel.yaml (usernameRules, queryKeys, popmapSources, serverSelection) and
 * sets up the popmap sources: popmap.source (from map_library unless the operator names routes himself) lists them;
 * each gets its guard route popmap-&lt;name&gt;-guard (cache, circuit breaker, on_failure) in front of its route
 * popmap-&lt;name&gt;.
 */
@Configuration
public class PopmapConfiguration implements CamelConfiguration {
    public static final String SOURCE_KEY = "popmap.source";
    private static final Logger LOG = LoggerFactory.getLogger(PopmapConfiguration.class);

    @Override
    public void configure(CamelContext camelContext) {
        Settings s = Settings.of(camelContext);
        PopmapSettings settings = PopmapSettings.from(s);
        UsernameRules usernameRules = UsernameRules.from(settings);
        QueryKeys queryKeys = QueryKeys.from(settings);
        ServerSelection serverSelection = ServerSelection.from(settings, usernameRules);
        // popmap.source set anywhere names the operator's chain; else map_library names the one source
        if (s.get(SOURCE_KEY).isEmpty()) {
            camelContext.getPropertiesComponent().addInitialProperty(SOURCE_KEY,
                    PopmapLibrary.sourceName(settings.mapLibrary()));
        }
        SourceChain chain = new SourceChain(s.list(SOURCE_KEY));
        if (chain.list().isEmpty()) {
            throw new IllegalArgumentException(SOURCE_KEY + " is empty: name at least one source (none for no popmap)");
        }
        if (chain.list().stream().distinct().count() < chain.list().size()) {
            throw new IllegalArgumentException(SOURCE_KEY + " names a source twice: " + chain.list());
        }
        for (String name : chain.list()) {
            if (!name.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException(SOURCE_KEY + ": \"" + name + "\" is not a source name "
                        + "(lower-case letters, digits and _; the route is popmap-<name>)");
            }
            PopmapLibrary.source(name).ifPresent(source -> source.install(camelContext, s, settings));
            boolean mayBlock = PopmapLibrary.source(name).map(PopmapSource::mayBlock).orElse(true);
            if (!mayBlock) {
                SourceSettings.refusePoolAndBreaker(s, name);
            }
            guard(camelContext, SourceSettings.from(s, name), mayBlock);
        }
        requireRoutes(camelContext, chain);
        camelContext.getRegistry().bind("usernameRules", usernameRules);
        camelContext.getRegistry().bind("queryKeys", queryKeys);
        camelContext.getRegistry().bind("popmapSources", chain);
        camelContext.getRegistry().bind("serverSelection", serverSelection);
        PopmapConditions.bind(camelContext, chain);
        PopmapCalls.bind(camelContext, usernameRules, queryKeys, chain, serverSelection);
        LOG.info("popmap lookup: {}, {}, sources {}, {}", usernameRules, queryKeys, chain, serverSelection);
    }

    private static void guard(CamelContext context, SourceSettings source, boolean mayBlock) {
        SourceGuard guard = new SourceGuard(source).meter(ProxyMetrics.of(context).lookup(source.name()));
        String bean = "popmapGuard_" + source.name();
        context.getRegistry().bind(bean, guard);
        PopmapCalls.bindGuard(context, bean, guard);
        PopmapRoutes.fromTemplate(context, "popmap-guard", "popmap-" + source.name() + "-guard", Map.of(
                "name", source.name(),
                "guard", bean,
                "failureRate", Integer.toString(source.breakerFailureRate()),
                "minimumCalls", Integer.toString(source.breakerMinimumCalls()),
                "window", Integer.toString(source.breakerWindow()),
                "open", Integer.toString(source.breakerOpenSeconds()),
                "ownPool", Boolean.toString(mayBlock),
                "poolSize", Integer.toString(source.poolSize()),
                "queueSize", Integer.toString(source.queueSize())));
        LOG.info("popmap {}{}", guard, mayBlock ? "" : " (in memory: on the event loop, no pool)");
    }

    /** An operator's source is a route of their own: without it, every lookup would be an internal error. */
    private static void requireRoutes(CamelContext context, SourceChain chain) {
        PopmapRoutes.whenStarted(context, PopmapRoutes.ORDER + 1, ctx -> {
            List<String> missing = chain.list().stream().filter(n -> ctx.getRoute("popmap-" + n) == null).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(SOURCE_KEY + " names " + missing + " but no route popmap-"
                        + missing.get(0) + " is loaded (from: direct:popmap-" + missing.get(0) + ")");
            }
        });
    }
}
