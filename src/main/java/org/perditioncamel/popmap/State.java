package org.perditioncamel.popmap;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The moments a username is munged for (perdition(8) -S, -A, --lower_case). */
public enum State {
    /** The popmap key and the query_key escapes. */
    SERVERNAME_LOOKUP,
    /** The name given to PAM with -a. */
    LOCAL_AUTHENTICATION,
    /** The name sent to the backend. */
    REMOTE_LOGIN;

    /**
     * The states named by one item of a state list, case-insensitively, with perdition's aliases
     * (server_lookup, local_auth) and {@code all}; IllegalArgumentException for anything else.
     */
    public static Set<State> named(String item, String option) {
        switch (item.toLowerCase(Locale.ROOT)) {
            case "all":
                return EnumSet.allOf(State.class);
            case "servername_lookup":
            case "server_lookup":
                return EnumSet.of(SERVERNAME_LOOKUP);
            case "local_authentication":
            case "local_auth":
                return EnumSet.of(LOCAL_AUTHENTICATION);
            case "remote_login":
                return EnumSet.of(REMOTE_LOGIN);
            default:
                throw new IllegalArgumentException("unknown state for " + option + ": " + item);
        }
    }
}
