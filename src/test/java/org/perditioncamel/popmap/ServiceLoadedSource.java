package org.perditioncamel.popmap;

import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.perditioncamel.config.Settings;

/**
 * A source found as popmap.sql and popmap.ldap are: through META-INF/services, for PopmapRouteTest. Its route is
 * YAML: a RouteBuilder class here would be picked up by Camel Main's class-path scan in every other test.
 */
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
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("popmap-servicetest.camel.yaml",
                    String.join("\n",
                    "- route:",
                    "    id: popmap-servicetest",
                    "    from:",
                    "      uri: direct:popmap-servicetest",
                    "      steps:",
                    "        - setVariable:",
                    "            name: popmapAnswer",
                    "            method:",
                    "              beanType: org.perditioncamel.popmap.LookupResult",
                    "              method: \"ofValue('10.0.0.14')\"")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
