package org.perditioncamel.popmap.sql;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.PopmapRoutes;
import org.perditioncamel.popmap.PopmapSettings;
import org.perditioncamel.popmap.PopmapSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The popmap source {@code sql}: perdition's MySQL, PostgreSQL and ODBC maps, or any JDBC URL and query. Selected by
 * map_library (or popmap.source); found by the popmap package through
 * META-INF/services/org.perditioncamel.popmap.PopmapSource. Its lookups are the route popmap-sql
 * (routes/popmap-sql.camel.yaml), which runs on the pool of its guard route, popmap.sql.pool_size threads.
 */
public final class SqlSource implements PopmapSource {
    private static final Logger LOG = LoggerFactory.getLogger(SqlSource.class);
    static final String ROUTE_ID = "popmap-" + SqlMapLibrary.SOURCE;

    public SqlSource() {
    }

    @Override
    public String name() {
        return SqlMapLibrary.SOURCE;
    }

    @Override
    public boolean servesLibrary(String libraryFileName) {
        return SqlMapLibrary.matches(libraryFileName);
    }

    /**
     * Reads the settings, opens the pool and, unless popmap.sql.check_at_start=false, runs the query once: a
     * mistake or a database that cannot answer stops the start with an IllegalArgumentException. Binds the beans of
     * routes/popmap-sql.camel.yaml and adds the route popmap-sql; the pool closes when the context stops.
     */
    @Override
    public void install(CamelContext context, Settings settings, PopmapSettings popmap) {
        SqlSettings sql = SqlSettings.from(settings);
        SqlPopmapSource source = new SqlPopmapSource(sql);
        if (sql.checkAtStart()) {
            try {
                source.check();
            } catch (RuntimeException e) {
                source.close();
                throw e;
            }
        }
        context.getRegistry().bind("popmapSqlSource", source);
        context.getRegistry().bind("popmapSqlDataSource", source.dataSource());
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    source.close();
                }
            });
        } catch (Exception e) {
            source.close();
            throw new IllegalStateException("cannot register the SQL popmap's pool with the context", e);
        }
        PopmapRoutes.fromTemplate(context, ROUTE_ID, ROUTE_ID, Map.of(
                "query", sql.query(),
                "queryTimeout", Integer.toString(sql.queryTimeout())));
        LOG.info("popmap source {}: {}", name(), source);
    }
}
