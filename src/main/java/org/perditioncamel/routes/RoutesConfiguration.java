package org.perditioncamel.routes;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.Ordered;
import org.apache.camel.StartupListener;
import org.perditioncamel.config.Settings;

/**
 * The routes an operator edits (docs/routes.md): checks at start that the routes directory has every route a login
 * needs, and with routes_reload applies an edited route file while running.
 */
@Configuration
public class RoutesConfiguration implements CamelConfiguration {
    /** Before the popmap routes and the listeners are made from their templates. */
    private static final int ORDER = Ordered.HIGHEST + 50;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.of(context);
        Optional<Path> directory = settings.nonEmpty(RoutesDirectory.KEY).map(Path::of);
        boolean reload = settings.flag(RoutesDirectory.RELOAD_KEY);
        if (reload && directory.isEmpty()) {
            throw new IllegalArgumentException(RoutesDirectory.RELOAD_KEY + " needs " + RoutesDirectory.KEY
                    + ": the built-in routes cannot be edited");
        }
        context.addStartupListener(new RequiredCheck(directory));
        if (reload) {
            context.addService(new RouteFileReload(directory.get()), true, true);
        }
    }

    private static final class RequiredCheck implements StartupListener, Ordered {
        private final Optional<Path> directory;

        RequiredCheck(Optional<Path> directory) {
            this.directory = directory;
        }

        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        }

        @Override
        public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
            List<String> missing = RequiredRoutes.missing(context);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(directory.map(d -> RoutesDirectory.KEY + " " + d).orElse("the routes")
                        + " lacks " + String.join(", ", missing));
            }
        }

        @Override
        public int getOrder() {
            return ORDER;
        }
    }
}
