package org.perditioncamel.localauth;

import java.util.Optional;

import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.sql.JdbcPools;

/**
 * authenticate_in.method=sql: where the password hashes are, read once; the one place these defaults are written.
 *
 * @param url            authenticate_in.sql.url: any JDBC URL (PostgreSQL, MariaDB/MySQL, H2)
 * @param query          authenticate_in.sql.query: a SELECT whose first column is the hash, {@code :#user} where the
 *                       name goes (as a parameter, never spliced into the text)
 * @param connectTimeout seconds to open a connection or to wait for one from the pool
 * @param queryTimeout   seconds one query may take
 * @param checkAtStart   run the query once at start-up and refuse to start when it fails
 */
public record SqlHashSettings(String url, String user, String password, String query, int connectTimeout,
                              int queryTimeout, boolean checkAtStart) {
    static final String KEY = LocalAuthSettings.PREFIX + "sql.";
    public static final String USER_PARAMETER = ":#user";
    static final int DEFAULT_CONNECT_TIMEOUT = 5;
    static final int DEFAULT_QUERY_TIMEOUT = 5;

    public SqlHashSettings {
        if (!query.contains(USER_PARAMETER)) {
            throw new IllegalArgumentException(KEY + "query must contain " + USER_PARAMETER + " where the user name "
                    + "goes: " + query);
        }
        if (connectTimeout < 1 || queryTimeout < 1) {
            throw new IllegalArgumentException(KEY + "connect_timeout and " + KEY + "query_timeout must be at least 1");
        }
    }

    public static SqlHashSettings from(Settings s) {
        Optional<String> url = s.nonEmpty(KEY + "url");
        Optional<String> query = s.nonEmpty(KEY + "query");
        if (url.isEmpty() || query.isEmpty()) {
            throw new IllegalArgumentException("authenticate_in.method=sql needs " + KEY + "url (a JDBC URL) and "
                    + KEY + "query (a SELECT with " + USER_PARAMETER + " whose first column is the password hash)");
        }
        return new SqlHashSettings(url.get(), s.get(KEY + "user").orElse(""), s.get(KEY + "password").orElse(""),
                query.get(), s.integer(KEY + "connect_timeout", DEFAULT_CONNECT_TIMEOUT),
                s.integer(KEY + "query_timeout", DEFAULT_QUERY_TIMEOUT),
                s.get(KEY + "check_at_start").isEmpty() || s.flag(KEY + "check_at_start"));
    }

    /** The query as JDBC takes it: each {@code :#user} a {@code ?}. */
    String jdbcQuery() {
        return query.replace(USER_PARAMETER, "?");
    }

    int parameters() {
        return query.split(java.util.regex.Pattern.quote(USER_PARAMETER), -1).length - 1;
    }

    @Override
    public String toString() {
        return "SQL " + JdbcPools.redacted(url) + " as " + user + ", query \"" + query + "\"";
    }
}
