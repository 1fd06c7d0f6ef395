package org.perditioncamel.popmap;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.perditioncamel.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the beans of routes/popmap.camel.yaml: usernameRules, queryKeys, popmap, serverSelection. */
@Configuration
public class PopmapConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(PopmapConfiguration.class);

    @Override
    public void configure(CamelContext camelContext) {
        PopmapSettings settings = PopmapSettings.from(Settings.of(camelContext));
        UsernameRules usernameRules = UsernameRules.from(settings);
        QueryKeys queryKeys = QueryKeys.from(settings);
        Popmap popmap = PopmapLibrary.open(settings);
        ServerSelection serverSelection = ServerSelection.from(settings, usernameRules);
        camelContext.getRegistry().bind("usernameRules", usernameRules);
        camelContext.getRegistry().bind("queryKeys", queryKeys);
        camelContext.getRegistry().bind("popmap", popmap);
        camelContext.getRegistry().bind("serverSelection", serverSelection);
        LOG.info("popmap lookup: {}, {}, {}, {}", usernameRules, queryKeys, popmap, serverSelection);
    }
}
