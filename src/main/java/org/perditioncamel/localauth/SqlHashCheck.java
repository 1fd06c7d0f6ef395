package org.perditioncamel.localauth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BiPredicate;

import com.zaxxer.hikari.HikariDataSource;
import org.perditioncamel.popmap.sql.JdbcPools;
import org.perditioncamel.popmap.sql.SqlSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * authenticate_in.method=sql: the first column of the query's first row is the user's password hash (bcrypt,
 * SHA-512-crypt, SHA-256-crypt or argon2id, see {@link PasswordHashes}); no row or NULL means no such user.
 * The pool is HikariCP, made as the SQL popmap's.
 */
final class SqlHashCheck implements PasswordCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SqlHashCheck.class);

    private final SqlHashSettings settings;
    private final HikariDataSource dataSource;
    private final BiPredicate<String, String> matcher;
    /**
     * The last stored hash compared: an unknown user's password (or one whose hash is NULL) is compared with it too and
     * the answer thrown away, so such a login costs what a wrong password costs (bcrypt or argon2 take tens of ms)
     * and its timing does not tell which users exist.
     */
    private volatile String decoy;

    SqlHashCheck(SqlHashSettings settings, int poolSize) {
        this(settings, poolSize, PasswordHashes::matches);
    }

    /** {@code matcher}: PasswordHashes.matches, or in tests one that counts. */
    SqlHashCheck(SqlHashSettings settings, int poolSize, BiPredicate<String, String> matcher) {
        this.settings = settings;
        this.matcher = matcher;
        this.dataSource = JdbcPools.open("authenticate-in-sql", settings.url(), settings.user(), settings.password(),
                poolSize, settings.connectTimeout(), settings.queryTimeout() + SqlSettings.READ_TIMEOUT_MARGIN);
        if (settings.checkAtStart()) {
            try {
                hash("");
            } catch (SQLException e) {
                dataSource.close();
                throw new IllegalArgumentException("authenticate_in: the SQL query cannot be used: " + settings + ": "
                        + JdbcPools.message(e) + " (set " + SqlHashSettings.KEY + "check_at_start=false to start "
                        + "anyway; logins then get a temporary failure until the database answers)");
            }
        }
    }

    @Override
    public boolean check(String user, String password, String clientHost) throws CheckUnavailableException {
        String hash;
        try {
            hash = hash(user);
        } catch (SQLException e) {
            throw new CheckUnavailableException("SQL " + JdbcPools.redacted(settings.url()) + ": " + JdbcPools.message(e));
        }
        if (hash == null) {
            spendAsOnAUser(password);
            return false;
        }
        String stored = hash.trim();
        try {
            boolean matches = matcher.test(stored, password);
            decoy = stored;   // only a hash that can be checked: one that throws at once would cost nothing
            return matches;
        } catch (IllegalArgumentException e) {
            // PasswordHashes' messages describe the stored hash's form (scheme, parameters), never the password
            LOG.warn("authenticate_in: the password hash of user \"{}\" cannot be checked: {}", user, e.getMessage());
            spendAsOnAUser(password);   // a locked or odd account must not answer faster than an unknown one
            return false;
        }
    }

    private void spendAsOnAUser(String password) {
        String stored = decoy;
        if (stored == null) {
            return;   // no hash seen yet since the start: nothing of the right cost to compare with
        }
        try {
            matcher.test(stored, password);
        } catch (IllegalArgumentException e) {
            // the decoy's own trouble was reported when its user logged in
        }
    }

    private String hash(String user) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(settings.jdbcQuery())) {
            for (int i = 1; i <= settings.parameters(); i++) {
                statement.setString(i, user);
            }
            statement.setMaxRows(1);
            statement.setQueryTimeout(settings.queryTimeout());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
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
