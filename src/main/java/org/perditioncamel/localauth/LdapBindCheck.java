package org.perditioncamel.localauth;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.PopmapSettings;
import org.perditioncamel.popmap.ldap.DirectoryPool;
import org.perditioncamel.popmap.ldap.LdapMapUrl;
import org.perditioncamel.popmap.ldap.LdapSettings;
import org.perditioncamel.popmap.ldap.LdapSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * authenticate_in.method=ldap: a simple bind as the user's entry, on a pooled connection that goes back to the
 * URL's own bind (bindname/x-bindpw, or anonymous) afterwards. The URL is perdition's LDAP map URL: with scope
 * {@code base} and {@code %s} in the base DN, that DN (the name escaped per RFC 4514) is bound directly; otherwise
 * the entry is searched with the URL's base, scope and filter (the name escaped per RFC 4515) and must be unique.
 */
final class LdapBindCheck implements PasswordCheck {
    private static final Logger LOG = LoggerFactory.getLogger(LdapBindCheck.class);
    static final String URL_KEY = LocalAuthSettings.PREFIX + "ldap.url";
    /** Results that refuse these credentials; any other (server down, busy, timeout) is the directory's trouble. */
    private static final Set<ResultCode> REFUSED = Set.of(ResultCode.INVALID_CREDENTIALS,
            ResultCode.INAPPROPRIATE_AUTHENTICATION, ResultCode.INVALID_DN_SYNTAX, ResultCode.NO_SUCH_OBJECT);

    private final LdapSettings settings;
    private final LdapMapUrl url;
    private final LDAPConnectionPool pool;

    LdapBindCheck(LdapSettings settings) {
        this.settings = settings;
        this.url = settings.url();
        this.pool = DirectoryPool.open(settings, "authenticate-in-ldap", URL_KEY);
    }

    /**
     * authenticate_in.ldap.url, else the LDAP popmap's URL (popmap.ldap.url, or map_library_opt when map_library is
     * perdition's LDAP map), so a directory that already maps users to servers can check their passwords too.
     */
    static LdapSettings settings(Settings s, LocalAuthSettings local) {
        Optional<String> url = s.nonEmpty(URL_KEY).or(() -> LdapSource.url(s, PopmapSettings.from(s)));
        if (url.isEmpty()) {
            throw new IllegalArgumentException("authenticate_in.method=ldap needs " + URL_KEY + " (perdition's LDAP "
                    + "URL: ldap://host/base?attributes?scope?filter with %s for the user)");
        }
        LdapMapUrl parsed;
        try {
            parsed = LdapMapUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL_KEY + ": " + e.getMessage(), e);
        }
        boolean startTls = s.flag(LocalAuthSettings.PREFIX + "ldap.starttls");
        int timeout = s.integer(LocalAuthSettings.PREFIX + "ldap.timeout", LdapSettings.DEFAULT_TIMEOUT_SECONDS);
        if (startTls && parsed.ldaps()) {
            throw new IllegalArgumentException(LocalAuthSettings.PREFIX + "ldap.starttls and an ldaps:// URL exclude "
                    + "each other: ldaps:// is TLS from the first byte");
        }
        if (timeout < 1) {
            throw new IllegalArgumentException(LocalAuthSettings.PREFIX + "ldap.timeout must be at least 1 second, not "
                    + timeout);
        }
        return new LdapSettings(parsed, startTls, s.nonEmpty(LocalAuthSettings.PREFIX + "ldap.ca_file").map(Path::of),
                local.poolSize(), timeout);
    }

    @Override
    public boolean check(String user, String password, String clientHost) throws CheckUnavailableException {
        // RFC 4513 §5.1.2: a simple bind with a DN and no password is an unauthenticated bind, which succeeds
        if (password.isEmpty()) {
            return false;
        }
        try {
            Optional<String> dn = entry(user);
            if (dn.isEmpty()) {
                return false;
            }
            pool.bindAndRevertAuthentication(new SimpleBindRequest(dn.get(), password));
            return true;
        } catch (LDAPException e) {
            if (REFUSED.contains(e.getResultCode())) {
                return false;
            }
            throw new CheckUnavailableException("LDAP " + url.hosts() + ": "
                    + e.getResultCode().getName().toLowerCase(Locale.ROOT)
                    + (e.getDiagnosticMessage() == null ? "" : ": " + e.getDiagnosticMessage()));
        }
    }

    /** The DN to bind as: the URL's base DN for this name, or the one entry the search finds. */
    private Optional<String> entry(String user) throws LDAPException {
        String base = url.baseDnFor(user);
        if (url.scope() == SearchScope.BASE && url.baseDn().hasKey()) {
            return Optional.of(base);
        }
        List<SearchResultEntry> entries;
        try {
            // two are enough to know the name is not unique; "1.1" asks for no attributes
            entries = pool.search(new SearchRequest(base, url.scope(), DereferencePolicy.NEVER, 2,
                    settings.timeoutSeconds(), false, Filter.create(url.filterFor(user)), "1.1")).getSearchEntries();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                throw e;
            }
            entries = e.getSearchEntries();
        }
        if (entries.size() > 1) {
            LOG.warn("authenticate_in: several entries for one user under {} with {}: refused", base,
                    url.filterFor(user));
            return Optional.empty();
        }
        return entries.stream().findFirst().map(SearchResultEntry::getDN);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "LDAP bind " + url + (settings.startTls() ? " with StartTLS" : "") + ", " + settings.poolSize()
                + " connections";
    }
}
