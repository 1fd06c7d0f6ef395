package org.perditioncamel.popmap.ldap;

import java.util.Locale;
import java.util.Optional;

/** Recognises perdition's LDAP map library, so that its map_library setting selects the {@code popmap-ldap} route. */
public final class LdapMapLibrary {
    /** The source name: route {@code popmap-ldap}, endpoint {@code direct:popmap-ldap}. */
    public static final String SOURCE = "ldap";
    public static final String ROUTE = "popmap-" + SOURCE;

    private LdapMapLibrary() {
    }

    /** libperditiondb_ldap.so, .so.0, .so.0.0.0 (Debian's perdition-ldap), given as a file name or a path. */
    public static boolean matches(String library) {
        String name = library.substring(library.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.startsWith("libperditiondb_ldap.so");
    }

    static boolean selected(Optional<String> mapLibrary) {
        return mapLibrary.filter(LdapMapLibrary::matches).isPresent();
    }

    /** The popmap bean popmap-query calls: each lookup runs through the {@code popmap-ldap} route. */
    public static org.perditioncamel.popmap.Popmap viaRoute() {
        return new RoutePopmap("direct:" + ROUTE);
    }
}
