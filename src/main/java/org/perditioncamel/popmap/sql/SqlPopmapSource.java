package org.perditioncamel.popmap.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.perditioncamel.popmap.LookupResult;

/**
 * The SQL popmap's pool and the beans of routes/popmap-sql.camel.yaml: the start-up check, the mapping of a
 * result row to perdition's {@code [user@]host[:port]}, and the reason text of a failure.
 */
public final class SqlPopmapSource implements AutoCloseable {
    private final SqlSettings settings;
    private final HikariDataSource dataSource;

    public SqlPopmapSource(SqlSettings settings) {
        this.settings = settings;
        this.dataSource = JdbcPools.open("popmap-sql", settings.url(), settings.user(), settings.password(),
                settings.poolSize(), settings.connectTimeout(), settings.queryTimeout() + SqlSettings.READ_TIMEOUT_MARGIN);
    }

    public SqlSettings settings() {
        return settings;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs the query once with an empty key, so that a wrong URL, password, table or column stops the start-up
     * with one clear line instead of failing every login. IllegalArgumentException says what failed.
     */
    public void check() {
        String jdbcQuery = settings.query().replace(SqlSettings.KEY_PARAMETER, "?");
        int parameters = settings.query().split(java.util.regex.Pattern.quote(SqlSettings.KEY_PARAMETER), -1).length - 1;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(jdbcQuery)) {
            for (int i = 1; i <= parameters; i++) {
                statement.setString(i, "");
            }
            statement.setMaxRows(1);
            statement.setQueryTimeout(settings.queryTimeout());
            statement.executeQuery().close();
        } catch (SQLException e) {
            // No cause: the launcher prints the innermost message, and this one already holds the driver's.
            throw new IllegalArgumentException("the SQL popmap cannot be used: " + settings.describe() + ": "
                    + JdbcPools.message(e) + " (set popmap.sql.check_at_start=false to start anyway; lookups then fail "
                    + "until the database answers)");
        }
    }

    /**
     * The popmap value of the first row, or null for "not found": the first column is the server, which may carry
     * {@code user@} and {@code :port}; a second column, when present and not empty, is the port. A NULL server is
     * "not found" (perdition's PostgreSQL map); for PostgreSQL values end at their first space as in perdition.
     */
    public String value(@Variable("popmapSqlRows") List<Map<String, Object>> rows) {
        if (rows == null || rows.isEmpty()) {
            return null;
        }
        Iterator<Object> columns = rows.get(0).values().iterator();
        Object server = columns.hasNext() ? columns.next() : null;
        if (server == null) {
            return null;
        }
        Object port = columns.hasNext() ? columns.next() : null;
        String value = cut(server.toString());
        String portText = port == null ? "" : cut(port.toString());
        return portText.isEmpty() ? value : value + ":" + portText;
    }

    private String cut(String value) {
        int space = settings.cutAtSpace() ? value.indexOf(' ') : -1;
        return space < 0 ? value : value.substring(0, space);
    }

    /** What a failed lookup reports: the database and the driver's message, never the password. */
    public String failure(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        return "SQL popmap " + JdbcPools.redacted(settings.url()) + ": " + JdbcPools.message(e);
    }

    /**
     * The lookup's failed answer: a failure of this key alone when the database refused the key's value (a name in
     * characters its table cannot compare), which the source's circuit breaker does not count.
     */
    public LookupResult failed(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e,
                               @Variable("popmapSqlFailure") String reason) {
        return JdbcPools.refusedTheValue(e) ? LookupResult.failedForKey(reason) : LookupResult.failed(reason);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
