package org.perditioncamel.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.perditioncamel.config.Settings;

/**
 * The policy.sql.* keys of the SQL access table (docs/pop-before-smtp.md, "SQL access table"), read once, with their
 * defaults and the default statements for PostgreSQL and MariaDB/MySQL. Any other database needs policy.sql.upsert
 * and policy.sql.expire.
 *
 * @param upsert      writes one row: named parameters {@code :#address} (the client in Postfix's lookup form) and
 *                    {@code :#millis} or {@code :#seconds} (how long it may still relay, the seconds rounded up),
 *                    counted on the database's clock, which is the clock Postfix's query compares with
 * @param expire      deletes the rows whose time has passed
 * @param interval    seconds between deletions (and catching up after the database was away)
 * @param readTimeout seconds a statement waits for an answer before its connection is dropped (the JMS listener
 *                    that writes a grant must not hang on a database that went away)
 */
public record PolicySqlSettings(boolean enabled, String url, String user, String password, String table,
                                String upsert, String expire, int interval, int poolSize, int connectTimeout,
                                int readTimeout) {
    public static final String ENABLED_KEY = "policy.sql.enabled";
    public static final String UPSERT_KEY = "policy.sql.upsert";
    public static final String EXPIRE_KEY = "policy.sql.expire";
    public static final String PERIOD_KEY = "policy.sql.period_millis";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    public static final PolicySqlSettings DISABLED = new PolicySqlSettings(false, "", "", "", "", "", "", 60, 2, 5, 10);

    /** IllegalArgumentException for a mistake, in words an operator can act on. */
    public static PolicySqlSettings from(Settings s) {
        if (!s.flag(ENABLED_KEY)) {
            return DISABLED;
        }
        String url = s.nonEmpty("policy.sql.url").orElseThrow(() -> new IllegalArgumentException(
                ENABLED_KEY + " needs policy.sql.url, the JDBC URL of the database holding the access table"));
        String table = s.nonEmpty("policy.sql.table").orElse("relay_access");
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("policy.sql.table must be a plain table name (letters, digits, _,"
                    + " optionally schema.table): " + table);
        }
        Optional<String> upsert = s.nonEmpty(UPSERT_KEY);
        String scheme = url.toLowerCase(Locale.ROOT);
        boolean postgresql = scheme.startsWith("jdbc:postgresql:");
        boolean mariadb = scheme.startsWith("jdbc:mariadb:") || scheme.startsWith("jdbc:mysql:");
        if (upsert.isEmpty() && !postgresql && !mariadb) {
            throw new IllegalArgumentException("policy.sql.url " + url + " is neither PostgreSQL nor MariaDB/MySQL:"
                    + " set policy.sql.upsert (with :#address and :#seconds) and policy.sql.expire for it");
        }
        if (upsert.isPresent() && !(upsert.get().contains(":#address")
                && (upsert.get().contains(":#seconds") || upsert.get().contains(":#millis")))) {
            throw new IllegalArgumentException(UPSERT_KEY + " must use the named parameters :#address and :#seconds"
                    + " (or :#millis): " + upsert.get());
        }
        int interval = positive(s, "policy.sql.interval", 60);
        return new PolicySqlSettings(true, url, s.get("policy.sql.user").orElse(""),
                s.get("policy.sql.password").orElse(""), table,
                upsert.orElseGet(() -> postgresql ? postgresqlUpsert(table) : mariadbUpsert(table)),
                s.nonEmpty(EXPIRE_KEY).orElse("DELETE FROM " + table + " WHERE expires <= CURRENT_TIMESTAMP"),
                interval, positive(s, "policy.sql.pool_size", 2), positive(s, "policy.sql.connect_timeout", 5),
                positive(s, "policy.sql.read_timeout", 10));
    }

    /** A window only ever gets longer, in the table as in RelayGrants: a late event never shortens a row. */
    static String postgresqlUpsert(String table) {
        return "INSERT INTO " + table + " (address, action, expires) VALUES (:#address, 'OK',"
                + " CURRENT_TIMESTAMP + :#millis * INTERVAL '1 millisecond') ON CONFLICT (address) DO UPDATE SET"
                + " action = EXCLUDED.action, expires = GREATEST(" + table + ".expires, EXCLUDED.expires)";
    }

    /** TIMESTAMP(3) and CURRENT_TIMESTAMP(3): at whole seconds a row could end up to a second early. */
    static String mariadbUpsert(String table) {
        return "INSERT INTO " + table + " (address, action, expires) VALUES (:#address, 'OK',"
                + " CURRENT_TIMESTAMP(3) + INTERVAL :#millis * 1000 MICROSECOND) ON DUPLICATE KEY UPDATE"
                + " action = VALUES(action), expires = GREATEST(expires, VALUES(expires))";
    }

    /**
     * Postfix's access tables match an IPv4 client by its address, then by its first three, two and one octets; an
     * IPv6 client only by its address as Postfix prints it. So only these prefixes can be written as rows.
     */
    static void checkPrefixes(int ipv4Prefix, int ipv6Prefix) {
        if (ipv4Prefix % 8 != 0 || ipv4Prefix == 0 || ipv6Prefix != 128) {
            throw new IllegalArgumentException(ENABLED_KEY + ": Postfix's access tables match IPv4 networks only by"
                    + " whole octets and IPv6 clients only by address: policy.ipv4_prefix must be 8, 16, 24 or 32"
                    + " and policy.ipv6_prefix 128 (they are " + ipv4Prefix + " and " + ipv6Prefix + ")");
        }
    }

    private static int positive(Settings s, String key, int defaultValue) {
        int n = s.integer(key, defaultValue);
        if (n < 1) {
            throw new IllegalArgumentException(key + " must be at least 1: " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return "PolicySqlSettings[" + url + " as " + user + ", table " + table + "]";
    }
}
