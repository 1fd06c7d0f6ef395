package org.perditioncamel.popmap.ldap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.perditioncamel.popmap.LookupResult;
import org.perditioncamel.popmap.Popmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * perdition's LDAP popmap (perditiondb_ldap.c's dbserver_get2) on UnboundID's LDAPConnectionPool.
 *
 * <p>Why not camel-ldap: its producer runs the message body as a filter on a DirContext bean, which is not thread-safe
 * and not pooled (a fresh one per message, or one shared one); it has no StartTLS, no per-host failover beyond
 * JNDI's URL list, no bind of its own and does not escape the key, so the search would be written here anyway.
 * UnboundID's pool is thread-safe, tries the URL's hosts in order (FailoverServerSet), does StartTLS and the
 * simple bind per connection, and replaces a connection the directory dropped.
 *
 * <p>Per key: one search (base, scope, filter from the URL, the key escaped), the first entry only (WARNING when
 * there are several), the first three requested attributes as user, host and port; when only the first is present
 * its value is read as {@code [user@]host[:port]}. Never throws: an unreachable directory is {@code Failed}.
 */
public final class LdapPopmap implements Popmap, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LdapPopmap.class);
    /** Two entries are enough to know "several", and a key that matches half the directory costs nothing more. */
    private static final int SIZE_LIMIT = 2;

    private final LdapSettings settings;
    private final LdapMapUrl url;
    private final String delimiter;
    private final String[] attributes;
    private final LDAPConnectionPool pool;

    /** Connects lazily: the proxy starts even when the directory is down, as perdition does. */
    public LdapPopmap(LdapSettings settings, String delimiter) {
        this.settings = settings;
        this.url = settings.url();
        this.delimiter = delimiter;
        this.attributes = url.attributes().toArray(String[]::new);
        if (url.version() == 2) {
            LOG.warn("map_library_opt asks for LDAP version 2; perdition-camel always speaks LDAPv3, which every "
                    + "directory since OpenLDAP 2.0 prefers (perdition's 2 was the C library's default)");
        }
        pool = DirectoryPool.open(settings, "popmap-ldap", "LDAP popmap");
    }

    @Override
    public LookupResult lookup(String key) {
        String base = url.baseDnFor(key);
        String filter = url.filterFor(key);
        List<SearchResultEntry> entries;
        try {
            SearchRequest search = new SearchRequest(base, url.scope(), DereferencePolicy.NEVER, SIZE_LIMIT,
                    settings.timeoutSeconds(), false, Filter.create(filter), attributes);
            entries = pool.search(search).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                entries = e.getSearchEntries();
            } else if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT && url.baseDn().hasKey()) {
                return new LookupResult.NotFound();     // the key names the entry itself: no entry, no key
            } else if (e.getResultCode() == ResultCode.INVALID_DN_SYNTAX && url.baseDn().hasKey()) {
                // the key makes no DN the directory accepts (an empty one): this key's failure, not the directory's
                return LookupResult.failedForKey(reason(e));
            } else {
                return failed(e);
            }
        } catch (LDAPException e) {
            return failed(e);
        } catch (RuntimeException e) {
            LOG.warn("LDAP popmap: lookup failed", e);
            return new LookupResult.Failed("LDAP: " + e);
        }
        if (entries.isEmpty()) {
            return new LookupResult.NotFound();
        }
        if (entries.size() > 1) {
            LOG.warn("multiple entries returned by filter: base: {}; scope: {}; filter: {}", base,
                    url.scope().getName(), filter);
        }
        return new LookupResult.Found(answer(entries.get(0)));
    }

    private LookupResult failed(LDAPException e) {
        return new LookupResult.Failed(reason(e));
    }

    private String reason(LDAPException e) {
        String reason = "LDAP " + e.getResultCode().getName().toLowerCase(Locale.ROOT)
                + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage());
        LOG.warn("LDAP popmap {}: {}", url.hosts(), reason);
        return reason;
    }

    /** perdition's user, host and port as one {@code [user@]host[:port]} value, which the proxy parses again. */
    String answer(SearchResultEntry entry) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < Math.min(3, attributes.length); i++) {
            values.add(entry.getAttributeValue(attributes[i]));
        }
        while (values.size() < 3) {
            values.add(null);
        }
        String user = values.get(0);
        String host = values.get(1);
        String port = values.get(2);
        if (user != null && host == null && port == null) {
            return user;    // perdition: the first attribute alone is a whole [user@]host[:port]
        }
        StringBuilder out = new StringBuilder();
        if (user != null) {
            out.append(user).append(delimiter);
        }
        if (host != null) {
            out.append(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host);
        }
        if (port != null) {
            out.append(':').append(port);
        }
        return out.toString();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "LDAP popmap " + url + (settings.startTls() ? " with StartTLS" : "") + ", " + settings.poolSize()
                + " connections";
    }
}
