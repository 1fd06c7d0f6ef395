package org.perditioncamel.popmap.ldap;

import java.util.Locale;

/** Recognises perdition's LDAP map library, so that its map_library setting selects the {@code ldap} source. */
public final class LdapMapLibrary {
    private LdapMapLibrary() {
    }

    /** libperditiondb_ldap.so, .so.0, .so.0.0.0 (Debian's perdition-ldap), given as a file name or a path. */
    public static boolean matches(String library) {
        String name = library.substring(library.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.startsWith("libperditiondb_ldap.so");
    }
}
