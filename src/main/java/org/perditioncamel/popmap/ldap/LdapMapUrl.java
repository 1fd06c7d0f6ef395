package org.perditioncamel.popmap.ldap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;

/**
 * perdition's LDAP map_library_opt, {@code [V:][ldap-url]} (perditiondb_ldap.c, reference §10.8), parsed once at
 * start-up: protocol version, hosts tried in order, base DN, the attributes read as user, host and port, scope,
 * filter, and the bindname / x-bindpw extensions. Anything perdition would only trip over at lookup time (a bad
 * scope, filter or version, an unknown critical extension) is an IllegalArgumentException here.
 *
 * @param version      2 or 3 as written; the default is 3 (perdition's is the C library's, 2 with OpenLDAP)
 * @param hosts        the hosts in the order they are tried
 * @param attributes   the requested attributes; the first three are user, host and port
 * @param bindPassword never printed: {@link #toString()} masks it
 */
public record LdapMapUrl(int version, boolean ldaps, List<Host> hosts, KeyTemplate baseDn, List<String> attributes,
                         SearchScope scope, KeyTemplate filter, Optional<String> bindDn, Optional<String> bindPassword) {

    /** perdition's PERDITIONDB_LDAP_DEFAULT_URL. */
    public static final String DEFAULT_URL =
            "ldap://localhost/ou=mailbox,dc=nodomain?username,mailhost,port?one?(uid=%s)";
    public static final int DEFAULT_VERSION = 3;
    static final int LDAP_PORT = 389;
    static final int LDAPS_PORT = 636;
    private static final String DEFAULT_FILTER = "(objectClass=*)";
    /** The widest {@code %Ns}: a key padded to more would only make every lookup slower. */
    static final int MAX_KEY_WIDTH = 255;

    /** One directory server; IPv6 addresses without brackets. */
    public record Host(String name, int port) {
        @Override
        public String toString() {
            return (name.indexOf(':') >= 0 ? "[" + name + "]" : name) + ":" + port;
        }
    }

    public LdapMapUrl {
        hosts = List.copyOf(hosts);
        attributes = List.copyOf(attributes);
    }

    /** map_library_opt as perdition reads it; empty means the default URL with version 3. */
    public static LdapMapUrl parse(Optional<String> mapLibraryOpt) {
        String opt = mapLibraryOpt.orElse("");
        int version = DEFAULT_VERSION;
        String url = opt;
        // perdition: a one-character option, or a character followed by ':', is the version
        if (opt.length() == 1 || (opt.length() > 1 && opt.charAt(1) == ':')) {
            version = opt.charAt(0) - '0';
            url = opt.length() == 1 ? "" : opt.substring(2);
        }
        if (version < 2 || version > 3) {
            throw new IllegalArgumentException("map_library_opt: LDAP protocol version must be 2 or 3, not "
                    + opt.charAt(0));
        }
        return parseUrl(version, url.isEmpty() ? DEFAULT_URL : url);
    }

    private static LdapMapUrl parseUrl(int version, String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean ldaps;
        if (lower.startsWith("ldap://")) {
            ldaps = false;
        } else if (lower.startsWith("ldaps://")) {
            ldaps = true;
        } else {
            throw new IllegalArgumentException("map_library_opt: not an ldap:// or ldaps:// URL: " + masked(url));
        }
        String rest = url.substring(url.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        String hostPart = slash < 0 ? rest : rest.substring(0, slash);
        String[] parts = slash < 0 ? new String[0] : rest.substring(slash + 1).split("\\?", -1);
        if (parts.length > 5) {
            throw new IllegalArgumentException("map_library_opt: too many '?' in the LDAP URL: " + masked(url));
        }
        List<Host> hosts = hosts(noKey(hostPart, "the host"), ldaps ? LDAPS_PORT : LDAP_PORT);
        KeyTemplate baseDn = template(part(parts, 0), "the base DN");
        List<String> attributes = new ArrayList<>();
        for (String a : noKey(part(parts, 1), "the attributes").split(",")) {
            if (!a.isBlank()) {
                attributes.add(a.trim());
            }
        }
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("map_library_opt: the LDAP URL names no attributes; perdition reads "
                    + "the first three as user, host and port (e.g. ?username,mailhost,port?)");
        }
        SearchScope scope = scope(noKey(part(parts, 2), "the scope"));
        String filterText = part(parts, 3);
        KeyTemplate filter = template(filterText.isEmpty() ? DEFAULT_FILTER : filterText, "the filter");
        checkFilter(filter);
        Optional<String> bindDn = Optional.empty();
        Optional<String> bindPassword = Optional.empty();
        String extensions = part(parts, 4);
        if (!extensions.isEmpty()) {
            for (String raw : extensions.split(",")) {
                boolean critical = raw.startsWith("!");
                String ext = critical ? raw.substring(1) : raw;
                int eq = ext.indexOf('=');
                String type = (eq < 0 ? ext : ext.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : noKey(ext.substring(eq + 1), "an extension");
                if (type.equals("bindname")) {
                    bindDn = Optional.of(value);
                } else if (type.equals("x-bindpw")) {
                    bindPassword = Optional.of(value);
                } else if (critical) {
                    // RFC 4516 (and perdition): an unsupported critical extension must not be ignored
                    throw new IllegalArgumentException("map_library_opt: critical LDAP URL extension " + type
                            + " is not supported (only bindname and x-bindpw are)");
                }
            }
        }
        if (bindDn.isPresent() != bindPassword.isPresent()) {
            throw new IllegalArgumentException("map_library_opt: bindname and x-bindpw go together (a simple bind "
                    + "needs both; without either the bind is anonymous)");
        }
        return new LdapMapUrl(version, ldaps, hosts, baseDn, attributes, scope, filter, bindDn, bindPassword);
    }

    /**
     * Space-separated hosts, tried in order. As in perdition (OpenLDAP's URL parser), a port written after the
     * last host applies to the hosts before it; a host may also carry its own. No host means localhost.
     */
    private static List<Host> hosts(String hostPart, int schemePort) {
        List<String[]> named = new ArrayList<>();
        for (String token : hostPart.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            String name = token;
            String port = null;
            if (token.startsWith("[")) {
                int close = token.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("map_library_opt: unclosed [ in LDAP host " + token);
                }
                name = token.substring(1, close);
                if (token.length() > close + 1) {
                    if (token.charAt(close + 1) != ':') {
                        throw new IllegalArgumentException("map_library_opt: bad LDAP host " + token);
                    }
                    port = token.substring(close + 2);
                }
            } else if (token.indexOf(':') >= 0) {
                name = token.substring(0, token.indexOf(':'));
                port = token.substring(token.indexOf(':') + 1);
            }
            named.add(new String[] {name.isEmpty() ? "localhost" : name, port});
        }
        if (named.isEmpty()) {
            return List.of(new Host("localhost", schemePort));
        }
        String lastPort = named.get(named.size() - 1)[1];
        int sharedPort = lastPort == null ? schemePort : port(lastPort, hostPart);
        List<Host> hosts = new ArrayList<>();
        for (String[] h : named) {
            hosts.add(new Host(h[0], h[1] == null ? sharedPort : port(h[1], h[0])));
        }
        return hosts;
    }

    private static int port(String port, String host) {
        try {
            int p = Integer.parseInt(port);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("map_library_opt: bad port in LDAP host " + host);
    }

    private static SearchScope scope(String scope) {
        switch (scope.toLowerCase(Locale.ROOT)) {
            case "":
            case "base":
                return SearchScope.BASE;    // RFC 4516's default, and OpenLDAP's
            case "one":
            case "onelevel":
                return SearchScope.ONE;
            case "sub":
            case "subtree":
                return SearchScope.SUB;
            case "subord":
            case "subordinate":
            case "children":
                return SearchScope.SUBORDINATE_SUBTREE;
            default:
                throw new IllegalArgumentException("map_library_opt: unknown LDAP search scope " + scope
                        + " (base, one, sub or children)");
        }
    }

    private static void checkFilter(KeyTemplate filter) {
        checkKeyPlacesAreValues(filter);
        try {
            Filter.create(wrap(filter.expand("key", KeyTemplate::escapeFilterValue)));
        } catch (LDAPException e) {
            throw new IllegalArgumentException("map_library_opt: bad LDAP filter " + String.join("%s",
                    filter.literals()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * A key is escaped as an assertion value (RFC 4515), which keeps its parentheses and asterisks from adding terms
     * but not its '=': placed before a component's '=' it would move where the attribute ends, so the key would choose
     * the attribute or make the filter invalid (found by LdapMapUrlFuzzTest). A place is allowed only in a value.
     */
    private static void checkKeyPlacesAreValues(KeyTemplate filter) {
        List<String> literals = filter.literals();
        // as wrap() has it: a filter not starting with '(' is one component, its attribute first
        boolean inValue = false;
        boolean inAttribute = !literals.get(0).stripLeading().startsWith("(");
        for (int i = 0; i < literals.size(); i++) {
            if (i > 0 && !inValue) {
                throw new IllegalArgumentException("map_library_opt: in the LDAP filter " + String.join("%s", literals)
                        + " %s may stand only in a value, after its attribute and '='");
            }
            for (char c : literals.get(i).toCharArray()) {
                if (c == '(') {
                    inAttribute = true;
                    inValue = false;
                } else if (c == ')') {
                    inAttribute = false;
                    inValue = false;
                } else if (inAttribute && (c == '&' || c == '|' || c == '!')) {
                    inAttribute = false;
                } else if (inAttribute && c == '=') {
                    inAttribute = false;
                    inValue = true;
                }
            }
        }
    }

    /** OpenLDAP accepts a filter without its outer parentheses, as RFC 4516's examples write it. */
    static String wrap(String filter) {
        String f = filter.trim();
        return f.startsWith("(") ? f : "(" + f + ")";
    }

    /** The search filter for this key, the key escaped per RFC 4515. */
    public String filterFor(String key) {
        return wrap(filter.expand(key, KeyTemplate::escapeFilterValue));
    }

    /** The base DN for this key, the key escaped per RFC 4514. */
    public String baseDnFor(String key) {
        return baseDn.expand(key, KeyTemplate::escapeDnValue);
    }

    private static String part(String[] parts, int i) {
        return i < parts.length ? parts[i] : "";
    }

    private static String noKey(String raw, String where) {
        KeyTemplate t = template(raw, where);
        if (t.hasKey()) {
            throw new IllegalArgumentException("map_library_opt: %s may stand only in the base DN and the filter, "
                    + "not in " + where + " (as in perdition, % then digits then s is the key anywhere in the URL: "
                    + "write an s after a %-escape as %73)");
        }
        return t.literals().get(0);
    }

    /**
     * Percent-decodes one URL part (UTF-8), marking perdition's key places: {@code %} then digits then {@code s}
     * is a place, as perdition scans it, before any {@code %XX} escape is decoded.
     */
    static KeyTemplate template(String raw, String where) {
        List<String> literals = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        ByteArrayOutputStream literal = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '%') {
                literal.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                i++;
                continue;
            }
            int j = i + 1;
            while (j < raw.length() && raw.charAt(j) >= '0' && raw.charAt(j) <= '9') {
                j++;
            }
            if (j < raw.length() && raw.charAt(j) == 's') {
                literals.add(literal.toString(StandardCharsets.UTF_8));
                literal.reset();
                widths.add(width(raw.substring(i + 1, j), where));
                i = j + 1;
            } else if (i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                literal.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 3;
            } else {
                throw new IllegalArgumentException("map_library_opt: bad %-escape in " + where + " of the LDAP URL");
            }
        }
        literals.add(literal.toString(StandardCharsets.UTF_8));
        return new KeyTemplate(literals, widths);
    }

    /**
     * The N of {@code %Ns}, 0 for {@code %s}. Bounded: each lookup pads the key to it, and the filter is checked with
     * a key at start-up, so a width of 2^31 would exhaust the memory.
     */
    private static int width(String digits, String where) {
        String n = digits.replaceFirst("^0+(?=.)", "");
        if (n.length() > 3 || (!n.isEmpty() && Integer.parseInt(n) > MAX_KEY_WIDTH)) {
            throw new IllegalArgumentException("map_library_opt: %" + digits + "s in " + where
                    + " of the LDAP URL is wider than " + MAX_KEY_WIDTH + " characters");
        }
        return n.isEmpty() ? 0 : Integer.parseInt(n);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static String masked(String url) {
        // blanks may stand around the '=', as the extension's type is trimmed
        return url.replaceAll("(?i)(x-bindpw[\\x00-\\x20]*=)[^,?]*", "$1****");
    }

    /** The URL as perdition would be given it, the password masked, with %s where the key goes. */
    @Override
    public String toString() {
        String ext = bindDn.map(dn -> "?bindname=" + dn + ",x-bindpw=****").orElse("");
        StringBuilder h = new StringBuilder();
        for (Host host : hosts) {
            h.append(h.length() == 0 ? "" : " ").append(host);
        }
        return version + ":" + (ldaps ? "ldaps://" : "ldap://") + h + "/" + String.join("%s", baseDn.literals())
                + "?" + String.join(",", attributes) + "?" + scope.getName() + "?" + String.join("%s", filter.literals())
                + ext;
    }
}
