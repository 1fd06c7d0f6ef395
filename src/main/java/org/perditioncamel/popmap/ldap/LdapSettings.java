package org.perditioncamel.popmap.ldap;

import java.nio.file.Path;
import java.util.Optional;

import org.perditioncamel.config.Settings;

/**
 * The LDAP popmap's options, read once: perdition's map_library_opt (the URL) and the keys beyond perdition,
 * {@code popmap.ldap.*}. The one place their defaults are written in code.
 *
 * @param url              map_library_opt parsed
 * @param startTls         StartTLS on every ldap:// connection before binding (perdition has no such option)
 * @param caFile           PEM certificates trusted for ldaps:// and StartTLS; empty: the JVM's trust store
 * @param poolSize         directory connections, and the threads that run lookups on them
 * @param queueSize        lookups that may wait for a thread; beyond that a lookup fails at once
 * @param timeoutSeconds   connect and per-search timeout (perdition's fixed network timeout is 10 s)
 */
public record LdapSettings(LdapMapUrl url, boolean startTls, Optional<Path> caFile, int poolSize, int queueSize,
                           int timeoutSeconds) {

    static final int DEFAULT_POOL_SIZE = 8;
    static final int DEFAULT_QUEUE_SIZE = 256;
    static final int DEFAULT_TIMEOUT_SECONDS = 10;

    public LdapSettings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("popmap.ldap.pool_size must be at least 1, not " + poolSize);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("popmap.ldap.queue_size must not be negative: " + queueSize);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("popmap.ldap.timeout must be at least 1 second, not " + timeoutSeconds);
        }
        if (startTls && url.ldaps()) {
            throw new IllegalArgumentException("popmap.ldap.starttls and an ldaps:// URL exclude each other: "
                    + "ldaps:// is TLS from the first byte");
        }
    }

    public static LdapSettings from(Settings s) {
        return new LdapSettings(
                LdapMapUrl.parse(s.nonEmpty("map_library_opt")),
                s.flag("popmap.ldap.starttls"),
                s.nonEmpty("popmap.ldap.ca_file").map(Path::of),
                s.integer("popmap.ldap.pool_size", DEFAULT_POOL_SIZE),
                s.integer("popmap.ldap.queue_size", DEFAULT_QUEUE_SIZE),
                s.integer("popmap.ldap.timeout", DEFAULT_TIMEOUT_SECONDS));
    }

    /** TLS to the directory: ldaps:// or StartTLS. */
    public boolean tls() {
        return startTls || url.ldaps();
    }
}
