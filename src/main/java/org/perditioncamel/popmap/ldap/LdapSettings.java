package org.perditioncamel.popmap.ldap;

import java.nio.file.Path;
import java.util.Optional;

import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.SourceSettings;

/**
 * The LDAP popmap's options, read once: perdition's map_library_opt (the URL) and the keys beyond perdition,
 * {@code popmap.ldap.*}. The one place their defaults are written in code, except pool_size, which is every source's
 * (SourceSettings): the guard route runs that many lookups at once, each on its own directory connection.
 *
 * @param url              popmap.ldap.url or map_library_opt, parsed
 * @param startTls         StartTLS on every ldap:// connection before binding (perdition has no such option)
 * @param caFile           PEM certificates trusted for ldaps:// and StartTLS; empty: the JVM's trust store
 * @param poolSize         directory connections: popmap.ldap.pool_size, the threads of the source's guard pool
 * @param timeoutSeconds   connect and per-search timeout (perdition's fixed network timeout is 10 s)
 */
public record LdapSettings(LdapMapUrl url, boolean startTls, Optional<Path> caFile, int poolSize,
                           int timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 10;

    public LdapSettings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("popmap.ldap.pool_size must be at least 1, not " + poolSize);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("popmap.ldap.timeout must be at least 1 second, not " + timeoutSeconds);
        }
        if (startTls && url.ldaps()) {
            throw new IllegalArgumentException("popmap.ldap.starttls and an ldaps:// URL exclude each other: "
                    + "ldaps:// is TLS from the first byte");
        }
    }

    /** url: the string perdition takes as map_library_opt; empty: perdition's default URL. */
    public static LdapSettings from(Settings s, Optional<String> url) {
        return new LdapSettings(
                LdapMapUrl.parse(url),
                s.flag("popmap.ldap.starttls"),
                s.nonEmpty("popmap.ldap.ca_file").map(Path::of),
                SourceSettings.from(s, LdapSource.NAME).poolSize(),
                s.integer("popmap.ldap.timeout", DEFAULT_TIMEOUT_SECONDS));
    }

    /** TLS to the directory: ldaps:// or StartTLS. */
    public boolean tls() {
        return startTls || url.ldaps();
    }
}
