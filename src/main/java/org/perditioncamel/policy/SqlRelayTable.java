package org.perditioncamel.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.apache.camel.Exchange;
import org.perditioncamel.log.ThrottledError;
import org.perditioncamel.popmap.sql.JdbcPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean of policy-sql.camel.yaml: the rows of the SQL access table, in the form Postfix's check_client_access
 * looks clients up (192.0.2.10; a /24 grant as 192.0.2), and what to write again after the database was away. A
 * failed write never loses a grant: it stands in RelayGrants and the journal, and the next run of the timer route
 * writes every live grant again (the upsert only lengthens rows, so writing twice is harmless).
 */
public final class SqlRelayTable {
    private static final Logger LOG = LoggerFactory.getLogger("perdition.policy");

    private final RelayGrants grants;
    private final LongSupplier clock;
    /** Starts true: the grants read back from the journal are written at the first run of the timer. */
    private final AtomicBoolean behind = new AtomicBoolean(true);
    private final ThrottledError failures = new ThrottledError(LOG::error, 60_000);

    public SqlRelayTable(RelayGrants grants, LongSupplier clock) {
        this.grants = grants;
        this.clock = clock;
    }

    /**
     * The named parameters of policy.sql.upsert for a grant: address, and millis and seconds (rounded up) still to
     * run (at least 1).
     */
    public Map<String, Object> row(Grant grant) {
        return row(grant.key(), grant.untilMillis());
    }

    /** Every live grant when a write failed since the last catch-up (or at start), else nothing. */
    public List<Map<String, Object>> pending() {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (behind.getAndSet(false)) {
            long now = clock.getAsLong();
            grants.snapshot().forEach((key, until) -> {
                if (until > now) {
                    rows.add(row(key, until));
                }
            });
        }
        return rows;
    }

    /**
     * Whether an event's row is written at once: not while a write failed since the timer's last catch-up, which then
     * writes every live grant anyway. So a database that is away costs the events listener one failed write, not a
     * connect_timeout per event (at 5 s each, logins backed up until their events were older than policy.window and
     * were acknowledged without a grant).
     */
    public boolean current() {
        return !behind.get();
    }

    /** A doCatch: the database is away. One ERR line a minute; the grant stands and is written again later. */
    public void failed(Exchange exchange) {
        behind.set(true);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        failures.occurred(n -> "POP-before-SMTP: the SQL access table cannot be written (" + n + " failures so far;"
                + " grants stand and are written when the database is back): "
                + (e == null ? "unknown error" : JdbcPools.message(e)));
    }

    private Map<String, Object> row(String key, long untilMillis) {
        long millis = Math.max(1, untilMillis - clock.getAsLong());
        return Map.of("address", postfixForm(key), "millis", millis, "seconds", (millis + 999) / 1000);
    }

    /**
     * ClientNetwork's key in Postfix's lookup form: an address as it is, an IPv4 network by its leading octets
     * (192.0.2.0/24 is 192.0.2). PolicySqlSettings.checkPrefixes allows only prefixes that can be written so.
     */
    static String postfixForm(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return key;
        }
        int octets = Integer.parseInt(key.substring(slash + 1)) / 8;
        String[] parts = key.substring(0, slash).split("\\.");
        return String.join(".", java.util.Arrays.copyOf(parts, octets));
    }
}
