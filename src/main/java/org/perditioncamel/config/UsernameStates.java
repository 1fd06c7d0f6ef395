package org.perditioncamel.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Checks and combines the state lists of strip_domain, add_domain and lower_case (perdition's "states"). */
final class UsernameStates {
    static final String SERVERNAME_LOOKUP = "servername_lookup";
    static final String LOCAL_AUTHENTICATION = "local_authentication";
    static final String REMOTE_LOGIN = "remote_login";
    static final String DEFAULT_DEPTH = "1";    // perdition's DEFAULT_ADD_DOMAIN_STRIP_DEPTH

    private UsernameStates() {
    }

    /**
     * Canonical form: canonical state names in first-seen order, "all" expanded, then for add_domain the
     * strip depth (the last all-digit item) if one was given. For add_domain an empty item is all digits, as
     * in perdition 2.2, so "servername_lookup," has depth 0. For the others an empty value means no state.
     */
    static String normalise(PerditionOption option, String value, String origin) throws UsageException {
        boolean addDomain = option == PerditionOption.ADD_DOMAIN;
        if (value.isEmpty() && !addDomain) {
            return "";
        }
        Set<String> states = new LinkedHashSet<>();
        String depth = null;
        for (String item : value.split(",", -1)) {
            String trimmed = item.trim();
            if (addDomain && (trimmed.isEmpty() || isDepth(trimmed))) {
                depth = depth(trimmed, origin);
                continue;
            }
            states.addAll(canonical(item).orElseThrow(() ->
                    UsageException.usage(origin, "unknown state for " + option.longName() + ": " + item)));
        }
        return join(states, depth);
    }

    /** Union of two normalised lists; a depth in the later list wins. */
    static String union(String earlier, String later) {
        Set<String> states = new LinkedHashSet<>();
        String depth = null;
        for (String list : List.of(earlier, later)) {
            for (String item : list.split(",")) {
                if (isDepth(item)) {
                    depth = item;
                } else if (!item.isEmpty()) {
                    states.add(item);
                }
            }
        }
        return join(states, depth);
    }

    /** The state names of a normalised list. */
    static List<String> states(String normalised) {
        return Arrays.stream(normalised.split(",")).filter(i -> !i.isEmpty() && !isDepth(i)).toList();
    }

    /** The add_domain strip depth of a normalised list, if it gives one. */
    static Optional<String> depth(String normalised) {
        return Arrays.stream(normalised.split(",")).filter(UsernameStates::isDepth).reduce((a, b) -> b);
    }

    private static Optional<List<String>> canonical(String item) {
        switch (item.trim().toLowerCase(Locale.ROOT)) {
            case SERVERNAME_LOOKUP:
            case "server_lookup":
                return Optional.of(List.of(SERVERNAME_LOOKUP));
            case LOCAL_AUTHENTICATION:
            case "local_auth":
                return Optional.of(List.of(LOCAL_AUTHENTICATION));
            case REMOTE_LOGIN:
                return Optional.of(List.of(REMOTE_LOGIN));
            case "all":
                return Optional.of(List.of(SERVERNAME_LOOKUP, LOCAL_AUTHENTICATION, REMOTE_LOGIN));
            default:
                return Optional.empty();
        }
    }

    private static boolean isDepth(String item) {
        return !item.isEmpty() && item.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String depth(String digits, String origin) throws UsageException {
        if (digits.isEmpty()) {
            return "0";     // perdition: atoi("")
        }
        try {
            return String.valueOf(Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            throw UsageException.usage(origin, "add_domain depth is too large: " + digits);
        }
    }

    private static String join(Set<String> states, String depth) {
        List<String> items = new ArrayList<>(states);
        if (depth != null) {
            items.add(depth);
        }
        return String.join(",", items);
    }
}
