package org.perditioncamel.popmap;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.perditioncamel.config.Settings;

/** A source found as popmap.sql and popmap.ldap are: through META-INF/services, for PopmapRouteTest. */
public final class ServiceLoadedSource implements PopmapSource {
    @Override
    public String name() {
        return "servicetest";
    }

    @Override
    public boolean servesLibrary(String libraryFileName) {
        return libraryFileName.equals("libperditiondb_servicetest.so.0");
    }

    @Override
    public void install(CamelContext context, Settings settings, PopmapSettings popmap) {
        try {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:popmap-servicetest").routeId("popmap-servicetest")
                            .setVariable("popmapAnswer", constant(new LookupResult.Found("10.0.0.14")));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
