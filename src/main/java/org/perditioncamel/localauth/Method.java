package org.perditioncamel.localauth;

import java.util.Locale;

/** How authenticate_in checks a password: authenticate_in.method. perdition 2.2 knows only PAM. */
public enum Method {
    PAM, LDAP, SQL;

    static Method named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LocalAuthSettings.METHOD_KEY + " must be pam, ldap or sql, not \""
                    + name + "\"", e);
        }
    }

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
