package org.perditioncamel.popmap.sql;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.LookupResult;
import org.perditioncamel.popmap.PopmapSettings;

/**
 * The route popmap-sql alone in a Camel context (no guard in front), installed from perdition options by
 * {@link SqlSource} as the application does.
 */
final class SqlSourceRoute implements AutoCloseable {
    final CamelContext context;

    private SqlSourceRoute(CamelContext context) {
        this.context = context;
    }

    /** map_library, map_library_opt, then more keys and values. */
    static SqlSourceRoute start(String library, String opt, String... more) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("map_library", library);
        settings.put("map_library_opt", opt);
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return start(settings);
    }

    static SqlSourceRoute start(Map<String, String> settings) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.putAll(settings);
        context.getPropertiesComponent().setInitialProperties(properties);
        try {
            Settings s = Settings.of(context);
            new SqlSource().install(context, s, PopmapSettings.from(s));
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/popmap-sql.camel.yaml"));
            context.start();
        } catch (Exception e) {
            context.stop();
            throw e;
        }
        return new SqlSourceRoute(context);
    }

    /** What the route answers for one key, as popmap-query would ask. */
    LookupResult lookup(String key) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setVariable("queryKey", key);
        exchange.getMessage().setBody("the body of the session");
        Exchange done = context.createProducerTemplate().send("direct:popmap-sql", exchange);
        if (done.getException() != null) {
            throw new AssertionError("the route threw", done.getException());
        }
        if (!"the body of the session".equals(done.getMessage().getBody())) {
            throw new AssertionError("the route changed the body: " + done.getMessage().getBody());
        }
        return done.getVariable("popmapAnswer", LookupResult.class);
    }

    @Override
    public void close() {
        context.stop();
    }
}
