package org.perditioncamel.popmap.ldap;

import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.PopmapLibrary;
import org.perditioncamel.popmap.PopmapRoutes;
import org.perditioncamel.popmap.PopmapSettings;
import org.perditioncamel.popmap.PopmapSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LDAP popmap source ({@code ldap}): map_library = perdition's libperditiondb_ldap.so, or popmap.source naming
 * ldap. Found through META-INF/services/org.perditioncamel.popmap.PopmapSource; when selected it binds
 * {@code ldapPopmap} (the UnboundID pool, closed when Camel stops) and adds route {@code popmap-ldap} from the
 * template in routes/popmap-ldap.camel.yaml. The guard route in front of it runs each lookup on the source's own pool
 * (popmap.ldap.pool_size threads, as many directory connections).
 */
public final class LdapSource implements PopmapSource {
    public static final String NAME = "ldap";
    static final String BEAN = "ldapPopmap";
    private static final Logger LOG = LoggerFactory.getLogger(LdapSource.class);

    public LdapSource() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean servesLibrary(String libraryFileName) {
        return LdapMapLibrary.matches(libraryFileName);
    }

    @Override
    public void install(CamelContext context, Settings settings, PopmapSettings popmap) {
        LdapSettings ldap = LdapSettings.from(settings, url(settings, popmap));
        LdapPopmap directory = new LdapPopmap(ldap, popmap.domainDelimiter());
        context.getRegistry().bind(BEAN, directory);
        PopmapRoutes.bindLookup(context, BEAN, directory);
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    directory.close();
                }
            }, true, true);
        } catch (Exception e) {
            directory.close();
            throw new IllegalStateException("cannot register the LDAP pool for shutdown", e);
        }
        PopmapRoutes.fromTemplate(context, "popmap-ldap", "popmap-ldap", Map.of("popmap", BEAN));
        LOG.info("popmap source {}: {}", NAME, directory);
    }

    /**
     * popmap.ldap.url, else map_library_opt when map_library chose this source, else perdition's default URL: the
     * same string perdition takes as map_library_opt.
     */
    public static Optional<String> url(Settings settings, PopmapSettings popmap) {
        Optional<String> own = settings.nonEmpty("popmap.ldap.url");
        if (own.isPresent()) {
            return own;
        }
        if (NAME.equals(PopmapLibrary.sourceName(popmap.mapLibrary()))) {
            return popmap.mapLibraryOpt();
        }
        return Optional.empty();
    }
}
