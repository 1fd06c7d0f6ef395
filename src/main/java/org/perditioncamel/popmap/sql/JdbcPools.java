package org.perditioncamel.popmap.sql;

import java.sql.SQLException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.perditioncamel.log.Reasons;

/**
 * The HikariCP pools of the SQL popmap and of authenticate_in's password hashes, made the same way, and the words an
 * operator needs when a database cannot be used.
 */
public final class JdbcPools {
    private static final java.util.Set<Integer> MYSQL_VALUE_ERRORS = java.util.Set.of(1267, 1270, 1271, 1300, 1366);

    private JdbcPools() {
    }

    /**
     * A pool of at most {@code size} connections that opens lazily, so that a start-up check can say what is wrong in
     * words an operator can act on (Hikari would only throw). A connection whose server stops answering fails after
     * {@code readTimeoutSeconds} without a byte (PostgreSQL's and MariaDB's socketTimeout, unless the URL sets one):
     * a query timeout alone is a cancel request, which a server that is gone never gets, and the thread waiting on it
     * would wait for TCP to give up (a quarter of an hour).
     */
    public static HikariDataSource open(String name, String url, String user, String password, int size,
                                        int connectTimeoutSeconds, int readTimeoutSeconds) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        String jdbcUrl = SqlSettings.mysqlScheme(url);
        config.setJdbcUrl(jdbcUrl);
        if (!jdbcUrl.toLowerCase(java.util.Locale.ROOT).contains("sockettimeout=")) {
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                config.addDataSourceProperty("socketTimeout", Integer.toString(readTimeoutSeconds));   // seconds
            } else if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
                config.addDataSourceProperty("socketTimeout", Integer.toString(readTimeoutSeconds * 1000));   // ms
            }
        }
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectTimeoutSeconds * 1000L);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private static final java.util.regex.Pattern URL_PASSWORD =
            java.util.regex.Pattern.compile("(?i)((?:password|pwd)=)[^&;]*|(//[^/:@?]*:)[^/@?]*@");

    /**
     * The JDBC URL as a log line or an error may show it: the value of a {@code password=} (or {@code pwd=}) parameter
     * and the password of a {@code //user:password@host} part replaced (an operator may write the password there).
     */
    public static String redacted(String url) {
        if (url == null) {
            return null;
        }
        java.util.regex.Matcher m = URL_PASSWORD.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group(1) != null ? "$1<redacted>" : "$2<redacted>@");
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Whether the database refused the query for the value bound into it, not for itself: SQLSTATE class 22 (data
     * exception: PostgreSQL's characters with no equivalent in the database's encoding) or MySQL's and MariaDB's
     * collation and character-set errors (1267, 1270, 1271 illegal mix of collations; 1300 invalid character string;
     * 1366 incorrect string value), which they report as HY000.
     */
    public static boolean refusedTheValue(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.startsWith("22")) {
                    return true;
                }
                if ("HY000".equals(state) && MYSQL_VALUE_ERRORS.contains(sql.getErrorCode())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first SQLException's message and, when the pool only says it timed out, the driver's reason under it
     * (wrong password, connection refused), which is what an operator needs.
     */
    public static String message(Throwable e) {
        Throwable first = e;
        while (first.getCause() != null && first.getCause() != first && !(first instanceof SQLException)) {
            first = first.getCause();
        }
        String text = Reasons.of(first);
        Throwable under = first.getCause();
        if (under != null && under != first) {
            text += ": " + Reasons.of(under);
        }
        return text;
    }
}
