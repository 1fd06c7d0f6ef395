package org.perditioncamel.popmap.sql;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.SourceSettings;

/**
 * The SQL popmap's settings, read once: perdition's map_library and map_library_opt (when map_library names an SQL
 * map), and the popmap.sql.* keys beyond perdition. The one place their defaults are written in code, but for
 * popmap.sql.pool_size, which is the source's pool size in {@link SourceSettings}.
 *
 * @param library        which SQL map map_library names; {@code JDBC} (popmap.sql.url and popmap.sql.query) when
 *                       map_library names none, as in a chain set by popmap.source
 * @param url            the JDBC URL (several hosts in the driver's multi-host form, tried in order)
 * @param query          the SQL with the named parameter {@code :#key}; first column the server, optional second
 *                       column the port
 * @param cutAtSpace     perdition's PostgreSQL map: values end at their first space (char(n) padding)
 * @param poolSize       connections in the pool: popmap.sql.pool_size, which also sizes the source's thread pool
 * @param connectTimeout seconds to open a connection or to wait for one from the pool
 * @param queryTimeout   seconds one query may take
 * @param checkAtStart   run the query once at start-up and refuse to start when it fails
 */
public record SqlSettings(SqlMapLibrary library, String url, String user, String password, String query,
                          boolean cutAtSpace, int poolSize, int connectTimeout, int queryTimeout,
                          boolean checkAtStart) {
    /** perdition's ODBC map waits 5 s for a login. */
    static final int DEFAULT_CONNECT_TIMEOUT = 5;
    static final int DEFAULT_QUERY_TIMEOUT = 5;
    /** Seconds past the query timeout before a silent server's connection is dropped (its cancel may not arrive). */
    public static final int READ_TIMEOUT_MARGIN = 5;
    /** The named parameter camel-sql fills with the query key. */
    public static final String KEY_PARAMETER = ":#key";

    /**
     * Settings for the SQL source. map_library_opt counts only when map_library names an SQL map; otherwise (the
     * source named in popmap.source, map_library naming another) popmap.sql.url and popmap.sql.query are required.
     * IllegalArgumentException for a mistake.
     */
    public static SqlSettings from(Settings s) {
        Optional<SqlMapLibrary> named = s.nonEmpty("map_library").flatMap(SqlMapLibrary::of);
        SqlMapLibrary library = named.orElse(SqlMapLibrary.JDBC);
        String optString = named.isPresent() ? s.get("map_library_opt").orElse("") : "";
        PerditionDbOptions opt = PerditionDbOptions.parse(optString, library);
        int connectTimeout = positive(s, "popmap.sql.connect_timeout", DEFAULT_CONNECT_TIMEOUT);
        int queryTimeout = positive(s, "popmap.sql.query_timeout", DEFAULT_QUERY_TIMEOUT);
        Optional<String> url = s.nonEmpty("popmap.sql.url");
        Optional<String> query = s.nonEmpty("popmap.sql.query");
        if (library == SqlMapLibrary.ODBC && url.isEmpty()) {
            throw new IllegalArgumentException("map_library " + s.get("map_library").orElse("") + ": ODBC data "
                    + "sources (DSN \"" + opt.database() + "\") cannot be opened from Java, there is no JDBC-ODBC "
                    + "bridge; set popmap.sql.url to the JDBC URL of the same database (docs/configuration.md, "
                    + "\"SQL popmap\")");
        }
        if (library == SqlMapLibrary.JDBC && (url.isEmpty() || query.isEmpty())) {
            throw new IllegalArgumentException("popmap source " + SqlMapLibrary.SOURCE + " without one of perdition's "
                    + "SQL map libraries in map_library needs popmap.sql.url (a JDBC URL) and popmap.sql.query (a "
                    + "SELECT with " + KEY_PARAMETER + " whose first column is the server)");
        }
        if (query.isPresent() && !query.get().contains(KEY_PARAMETER)) {
            throw new IllegalArgumentException("popmap.sql.query must contain the named parameter " + KEY_PARAMETER
                    + " where the lookup key goes: " + query.get());
        }
        boolean checkAtStart = s.get("popmap.sql.check_at_start").isEmpty() || s.flag("popmap.sql.check_at_start");
        return new SqlSettings(library,
                url.map(SqlSettings::mysqlScheme).orElseGet(() -> url(library, opt, connectTimeout, queryTimeout)),
                s.get("popmap.sql.user").orElse(opt.user()),
                s.get("popmap.sql.password").orElse(opt.password()),
                query.orElseGet(() -> query(library, opt)),
                library == SqlMapLibrary.POSTGRESQL,
                SourceSettings.from(s, SqlMapLibrary.SOURCE).poolSize(),
                connectTimeout,
                queryTimeout,
                checkAtStart);
    }

    /**
     * The JDBC URL for dbhosts, dbport and dbname. Several hosts are tried in order as perdition does: MariaDB's
     * "sequential" mode, PostgreSQL's default (loadBalanceHosts=false). The socket timeout is a little longer than
     * the query timeout so that a server that stops answering cannot hold a pooled connection for ever.
     */
    static String url(SqlMapLibrary library, PerditionDbOptions opt, int connectTimeout, int queryTimeout) {
        if (opt.hosts().isEmpty()) {
            throw new IllegalArgumentException("map_library_opt: no database host in \"" + String.join(",", opt.hosts())
                    + "\" (the first field, dbhosts)");
        }
        int port = opt.portOr(library.defaultPort());
        List<String> hostPorts = new ArrayList<>();
        for (String host : opt.hosts()) {
            hostPorts.add((host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        }
        String hosts = String.join(",", hostPorts);
        String database = URLEncoder.encode(opt.database(), StandardCharsets.UTF_8);
        int socketTimeout = queryTimeout + READ_TIMEOUT_MARGIN;
        if (library == SqlMapLibrary.MYSQL) {
            return "jdbc:mariadb:" + (hostPorts.size() > 1 ? "sequential:" : "") + "//" + hosts + "/" + database
                    + "?connectTimeout=" + connectTimeout * 1000 + "&socketTimeout=" + socketTimeout * 1000;
        }
        return "jdbc:postgresql://" + hosts + "/" + database + "?connectTimeout=" + connectTimeout
                + "&socketTimeout=" + socketTimeout + "&ApplicationName=perdition-camel";
    }

    /**
     * The MariaDB driver, which also serves MySQL, takes {@code jdbc:mysql:} URLs only when told to; a MySQL user's
     * URL should work as written.
     */
    static String mysqlScheme(String url) {
        if (!url.startsWith("jdbc:mysql:") || url.contains("permitMysqlScheme")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }

    /**
     * perdition's query with the key as a parameter instead of spliced into the text. The table and column names
     * are written as perdition writes them (PostgreSQL quotes the user column, which makes "user" a column, not
     * the current_user function). The user column is not selected: perdition ignores its value.
     */
    static String query(SqlMapLibrary library, PerditionDbOptions opt) {
        String columns = opt.serverColumn() + (opt.portColumn().isEmpty() ? "" : ", " + opt.portColumn());
        String userColumn = library == SqlMapLibrary.POSTGRESQL ? "\"" + opt.userColumn() + "\"" : opt.userColumn();
        return "SELECT " + columns + " FROM " + opt.table() + " WHERE " + userColumn + " = " + KEY_PARAMETER;
    }

    private static int positive(Settings s, String key, int defaultValue) {
        int n = s.integer(key, defaultValue);
        if (n < 1) {
            throw new IllegalArgumentException(key + " must be at least 1: " + n);
        }
        return n;
    }

    /** The URL without credentials, for log lines and errors. */
    public String describe() {
        return library.name().toLowerCase(java.util.Locale.ROOT) + " popmap " + JdbcPools.redacted(url) + " as " + user + ", query \""
                + query + "\"";
    }

    @Override
    public String toString() {
        return "SqlSettings[" + describe() + " pool_size=" + poolSize
                + " connect_timeout=" + connectTimeout + " query_timeout=" + queryTimeout
                + (checkAtStart ? " check_at_start" : "") + "]";
    }
}
