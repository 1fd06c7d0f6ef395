package org.perditioncamel.popmap.sql;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which SQL popmap a map_library names: perdition's MySQL, PostgreSQL and ODBC libraries by their file names, or
 * our own {@code sql} (any JDBC URL and query, beyond perdition).
 */
public enum SqlMapLibrary {
    /** perdition-mysql: {@code libperditiondb_mysql.so*}, read with the MariaDB driver. */
    MYSQL("dbPerdition", 3306),
    /** perdition-postgresql: {@code libperditiondb_postgresql.so*} (older builds: {@code _pgsql}). */
    POSTGRESQL("dbperdition", 5432),
    /** perdition-odbc: dbname is an ODBC DSN, which Java cannot open; popmap.sql.url stands in for it. */
    ODBC("", 0),
    /** map_library=sql: popmap.sql.url and popmap.sql.query, any schema. */
    JDBC("", 0);

    /** The source name the popmap chain sends keys to: route popmap-sql, endpoint direct:popmap-sql. */
    public static final String SOURCE = "sql";

    private static final Pattern PERDITION_LIBRARY =
            Pattern.compile("libperditiondb_(mysql|postgresql|pgsql|odbc)(\\.so.*)?");

    private final String defaultDatabase;
    private final int defaultPort;

    SqlMapLibrary(String defaultDatabase, int defaultPort) {
        this.defaultDatabase = defaultDatabase;
        this.defaultPort = defaultPort;
    }

    /** True when map_library (a path or a file name) is one of the SQL popmaps. */
    public static boolean matches(String mapLibrary) {
        return of(mapLibrary).isPresent();
    }

    /** The SQL popmap map_library (a path or a file name) names, if any. */
    public static Optional<SqlMapLibrary> of(String mapLibrary) {
        String name = mapLibrary.substring(mapLibrary.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.equals(SOURCE)) {
            return Optional.of(JDBC);
        }
        Matcher m = PERDITION_LIBRARY.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        switch (m.group(1)) {
            case "mysql":
                return Optional.of(MYSQL);
            case "odbc":
                return Optional.of(ODBC);
            default:
                return Optional.of(POSTGRESQL);
        }
    }

    /** perdition's default dbname for this library (note dbPerdition against dbperdition). */
    public String defaultDatabase() {
        return defaultDatabase;
    }

    /** The server port when map_library_opt gives none or 0. */
    public int defaultPort() {
        return defaultPort;
    }
}
