package org.perditioncamel.popmap.ldap;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.PopmapSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When map_library is perdition's LDAP library: binds {@code ldapPopmap} and adds route {@code popmap-ldap} from the
 * template in routes/popmap-ldap.camel.yaml. Otherwise nothing, so no LDAP route or pool exists.
 */
@Configuration
public class LdapConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(LdapConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = Settings.of(context);
        if (!LdapMapLibrary.selected(s.get("map_library"))) {
            return;
        }
        LdapSettings settings = LdapSettings.from(s);
        LdapPopmap popmap = new LdapPopmap(settings, PopmapSettings.from(s).domainDelimiter());
        context.getRegistry().bind("ldapPopmap", popmap);
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    popmap.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the LDAP pool for shutdown", e);
        }
        // template routes exist only once the YAML is loaded; a lookup before that waits in direct: (block=true)
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
                TemplatedRouteBuilder.builder(ctx, LdapMapLibrary.ROUTE)
                        .routeId(LdapMapLibrary.ROUTE)
                        .parameter("poolSize", Integer.toString(settings.poolSize()))
                        .parameter("queueSize", Integer.toString(settings.queueSize()))
                        .add();
            }
        });
        LOG.info("popmap source {}: {}", LdapMapLibrary.ROUTE, popmap);
    }
}
