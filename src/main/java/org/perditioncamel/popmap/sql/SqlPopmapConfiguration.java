package org.perditioncamel.popmap.sql;

import java.util.Optional;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.perditioncamel.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When map_library names an SQL map: the pool, the beans of routes/popmap-sql.camel.yaml and the route
 * popmap-sql made from its template. Otherwise nothing, so no pool and no route exist.
 */
@Configuration
public class SqlPopmapConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SqlPopmapConfiguration.class);
    static final String ROUTE_ID = "popmap-" + SqlMapLibrary.SOURCE;

    @Override
    public void configure(CamelContext context) throws Exception {
        Optional<SqlSettings> settings = SqlSettings.from(Settings.of(context));
        if (settings.isEmpty()) {
            return;
        }
        SqlPopmapSource source = new SqlPopmapSource(settings.get());
        context.getRegistry().bind("popmapSqlSource", source);
        context.getRegistry().bind("popmapSqlDataSource", source.dataSource());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                source.close();
            }
        });
        if (settings.get().checkAtStart()) {
            try {
                source.check();
            } catch (IllegalStateException e) {
                source.close();
                throw e;
            }
        }
        LOG.info("popmap source {}: {}", ROUTE_ID, source);
        // The template is in the YAML, loaded after this, and routes added while the context starts are not
        // started; so the route is made once the context runs, as listener.Listeners does. A lookup that comes
        // earlier waits for it (direct: blocks until its consumer is there).
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                addRoute(ctx, settings.get());
            }
        });
    }

    static void addRoute(CamelContext context, SqlSettings settings) throws Exception {
        TemplatedRouteBuilder.builder(context, ROUTE_ID)
                .routeId(ROUTE_ID)
                .parameter("query", settings.query())
                .parameter("poolSize", Integer.toString(settings.poolSize()))
                .parameter("queueSize", Integer.toString(settings.queueSize()))
                .parameter("queryTimeout", Integer.toString(settings.queryTimeout()))
                .add();
    }
}
