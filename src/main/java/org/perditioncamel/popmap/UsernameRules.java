package org.perditioncamel.popmap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.camel.Variable;
import org.perditioncamel.session.ClientText;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.ReverseNames;

/**
 * Username munging per state: strip_domain, then add_domain, then lower_case (perdition's username_mangle).
 */
public final class UsernameRules {
    private static final CompletableFuture<Void> NAMED = CompletableFuture.completedFuture(null);
    private final Set<State> stripDomain;
    private final Set<State> addDomain;
    private final int addDomainDepth;
    private final Set<State> lowerCase;
    private final String delimiter;
    private final Optional<String> explicitDomain;
    private final boolean clientServerSpecification;
    private final ReverseNames localHostNames;

    UsernameRules(Set<State> stripDomain, Set<State> addDomain, int addDomainDepth, Set<State> lowerCase,
            String delimiter, Optional<String> explicitDomain, boolean clientServerSpecification,
            ReverseNames localHostNames) {
        this.stripDomain = copy(stripDomain);
        this.addDomain = copy(addDomain);
        this.addDomainDepth = addDomainDepth;
        this.lowerCase = copy(lowerCase);
        this.delimiter = delimiter;
        this.explicitDomain = explicitDomain;
        this.clientServerSpecification = clientServerSpecification;
        this.localHostNames = localHostNames;
    }

    public static UsernameRules from(PopmapSettings settings) {
        return from(settings, ReverseNames.system());
    }

    static UsernameRules from(PopmapSettings settings, Function<InetAddress, String> localHostNames) {
        return from(settings, new ReverseNames(localHostNames, System::nanoTime));
    }

    private static UsernameRules from(PopmapSettings settings, ReverseNames localHostNames) {
        return new UsernameRules(settings.stripDomain(), settings.addDomain(), settings.addDomainDepth(),
                settings.lowerCase(), settings.domainDelimiter(), settings.explicitDomain(),
                settings.clientServerSpecification(), localHostNames);
    }

    /**
     * Done when add_domain can name a connection to this local address without a DNS lookup: at once unless a domain
     * is added and -e gives none, else when the reverse lookup (on a thread of its own) has answered. The listener
     * waits for it before the session starts, as for the greeting's name.
     */
    public CompletableFuture<?> localNamed(InetSocketAddress local) {
        if (addDomain.isEmpty() || explicitDomain.isPresent() || local == null || local.getAddress() == null) {
            return NAMED;
        }
        return localHostNames.named(local.getAddress());
    }

    private static Set<State> copy(Set<State> states) {
        return states.isEmpty() ? EnumSet.noneOf(State.class) : EnumSet.copyOf(states);
    }

    public String delimiter() {
        return delimiter;
    }

    public boolean clientServerSpecification() {
        return clientServerSpecification;
    }

    /**
     * The name perdition works with: the authorisation id when the client sent one (ManageSieve SASL PLAIN),
     * else the user (auth_get_authorisation_id).
     */
    public String loginName(Credentials credentials) {
        return credentials.authorisationId().orElse(credentials.user());
    }

    /**
     * The popmap lookup name: the login name as text (ClientText: a popmap file, SQL and LDAP hold text, where a
     * credential holds octets) munged for servername_lookup.
     */
    public String servernameLookupName(@Variable("session") ProxySession session,
            @Variable("credentials") Credentials credentials) {
        return mangle(ClientText.of(loginName(credentials)), State.SERVERNAME_LOOKUP, session.local());
    }

    /**
     * The name authenticate_in checks the password for: the login name as text munged for local_authentication. With
     * -c the part after the last delimiter is the server, not the user's (perdition cuts it off before PAM, §9.2), as
     * for the name the backend gets (ServerSelection.destination).
     */
    public String localAuthenticationName(@Variable("session") ProxySession session,
            @Variable("credentials") Credentials credentials) {
        String name = ClientText.of(loginName(credentials));
        if (clientServerSpecification) {
            int at = name.lastIndexOf(delimiter);
            if (at >= 0) {
                name = name.substring(0, at);
            }
        }
        return mangle(name, State.LOCAL_AUTHENTICATION, session.local());
    }

    /** Applies, for {@code state}: strip_domain, then add_domain, then lower_case. */
    public String mangle(String name, State state, InetSocketAddress local) {
        String result = name;
        if (stripDomain.contains(state) && !(state == State.SERVERNAME_LOOKUP && clientServerSpecification)) {
            // With -c the part after the delimiter is the server, which the lookup still has to see.
            int at = result.lastIndexOf(delimiter);
            if (at >= 0) {
                result = result.substring(0, at);
            }
        }
        if (addDomain.contains(state) && !result.contains(delimiter)) {
            Optional<String> domain = domainToAdd(local);
            if (domain.isPresent()) {
                result = result + delimiter + domain.get();
            }
        }
        if (lowerCase.contains(state)) {
            // ASCII only: perdition never calls setlocale, so tolower works in the C locale.
            result = asciiLowerCase(result);
        }
        return result;
    }

    /**
     * -e as given, else the reverse DNS name of the local address with DEPTH leading labels removed. As in
     * perdition the depth also applies to a numeric fallback, and when no label would remain nothing is added.
     */
    private Optional<String> domainToAdd(InetSocketAddress local) {
        if (explicitDomain.isPresent()) {
            return explicitDomain;
        }
        if (local == null || local.getAddress() == null) {
            return Optional.empty();
        }
        String domain = localHostNames.apply(local.getAddress());
        for (int i = 0; i < addDomainDepth && !domain.isEmpty(); i++) {
            int dot = domain.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            domain = domain.substring(dot + 1);
        }
        return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
    }

    private static String asciiLowerCase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "UsernameRules[strip_domain=" + stripDomain + " add_domain=" + addDomain + "," + addDomainDepth
                + " lower_case=" + lowerCase + " domain_delimiter=" + delimiter
                + explicitDomain.map(d -> " explicit_domain=" + d).orElse("")
                + (clientServerSpecification ? " client_server_specification" : "") + "]";
    }
}
