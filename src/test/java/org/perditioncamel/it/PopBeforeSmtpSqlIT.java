package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.perditioncamel.it.PopBeforeSmtpPostfixIT.awaitReply;
import static org.perditioncamel.it.PopBeforeSmtpPostfixIT.WINDOW_SECONDS;
import static org.perditioncamel.it.PopBeforeSmtpPostfixIT.awaitSubscribed;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.popmap.sql.RealDatabase;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.RunningProxy;

/**
 * POP-before-SMTP through the SQL access table, end to end on the real PostgreSQL and MariaDB and Debian's Postfix
 * with its pgsql: and mysql: tables: Postfix asks only the table (no policy service), with the query
 * docs/pop-before-smtp.md gives. Before the POP3 login relaying is refused, after it the grant is a row and Postfix
 * relays, after the window Postfix refuses again and the timer route deletes the row.
 */
class PopBeforeSmtpSqlIT {
    @RegisterExtension
    static GreenMailExtension backend = PopBeforeSmtpPostfixIT.aliceBackend();

    @Test
    void postgresqlTableGrantsThroughPostfixPgsqlTable() throws Exception {
        try (RealDatabase db = new RealDatabase.Postgresql().create(List.of())) {
            db.execute("CREATE TABLE relay_access (address VARCHAR(64) PRIMARY KEY,"
                            + " action VARCHAR(16) NOT NULL DEFAULT 'OK', expires TIMESTAMPTZ NOT NULL)",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON relay_access TO %user");
            relaysOnlyWhileTheRowLives(db, "pgsql");
        }
    }

    @Test
    void mariadbTableGrantsThroughPostfixMysqlTable() throws Exception {
        try (RealDatabase db = new RealDatabase.MariaDb().create(List.of())) {
            db.execute("CREATE TABLE relay_access (address VARCHAR(64) PRIMARY KEY,"
                            + " action VARCHAR(16) NOT NULL DEFAULT 'OK', expires TIMESTAMP(3) NULL DEFAULT NULL)",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON relay_access TO %user",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON relay_access TO '" + db.name() + "'@'localhost'");
            relaysOnlyWhileTheRowLives(db, "mysql");
        }
    }

    /**
     * The database refuses the writes (privileges revoked, as good as away for the writer): the login is still
     * granted and acknowledged, an ERR line says so, and once writes work again the timer route writes the grant.
     */
    @Test
    void aGrantTheDatabaseRefusedIsWrittenWhenItAcceptsWritesAgain() throws Exception {
        try (RealDatabase db = new RealDatabase.Postgresql().create(List.of())) {
            db.execute("CREATE TABLE relay_access (address VARCHAR(64) PRIMARY KEY,"
                            + " action VARCHAR(16) NOT NULL DEFAULT 'OK', expires TIMESTAMPTZ NOT NULL)",
                    "GRANT SELECT ON relay_access TO %user");
            try (RunningProxy proxy = proxy(db, "sql-it-refused")) {
                awaitSubscribed(proxy.main().getCamelContext(), "policy-auth-events");
                assertThat(EventLogins.login("pop3", proxy.port(), "alice", "alice-pw")).isTrue();
                Thread.sleep(3000);
                assertThat(rows(db)).as("no write while refused").isEmpty();

                db.execute("GRANT INSERT, UPDATE, DELETE ON relay_access TO %user");
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (rows(db).isEmpty() && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                assertThat(rows(db)).as("written by the catch-up").containsExactly("127.0.0.1 OK");
            }
        }
    }

    private static void relaysOnlyWhileTheRowLives(RealDatabase db, String postfixType) throws Exception {
        String cf = String.join("\n",
                "hosts = inet:127.0.0.1:" + db.port(),
                "user = " + db.name(),
                "password = " + RealDatabase.PASSWORD,
                "dbname = " + db.name(),
                "query = SELECT action FROM relay_access WHERE address = '%s' AND expires > now()",
                "");
        try (RunningProxy proxy = proxy(db, "sql-it-" + postfixType);
             PrivatePostfix postfix = PrivatePostfix.start(
                     "check_client_access " + postfixType + ":{conf}/relay.cf, reject", Map.of("relay.cf", cf))) {
            awaitSubscribed(proxy.main().getCamelContext(), "policy-auth-events");
            awaitSubscribed(proxy.main().getCamelContext(), "policy-close-events");

            assertThat(postfix.rcptToOutsideDomain()).as("before the login").startsWith("554 5.7.1");
            assertThat(rows(db)).isEmpty();

            assertThat(EventLogins.login("pop3", proxy.port(), "alice", "alice-pw")).isTrue();
            long loggedIn = System.nanoTime();
            String reply = awaitReply(postfix, "250", 20);
            double granted = (System.nanoTime() - loggedIn) / 1e9;
            assertThat(reply).as("after the login; Postfix said:\n" + postfix.log()).startsWith("250 2.1.5");
            assertThat(rows(db)).containsExactly("127.0.0.1 OK");

            reply = awaitReply(postfix, "554", WINDOW_SECONDS + 20);
            double expired = (System.nanoTime() - loggedIn) / 1e9;
            assertThat(reply).as("after the window").startsWith("554 5.7.1");
            assertThat(expired).as("refused again only once the window has passed").isGreaterThan(WINDOW_SECONDS - 1);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!rows(db).isEmpty() && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertThat(rows(db)).as("the expired row is deleted").isEmpty();
            System.out.printf("POP-before-SMTP via %s table: relaying allowed %.2f s after the POP3 login, refused"
                    + " again after %.1f s (window %d s)%n", postfixType, granted, expired, WINDOW_SECONDS);
            assertThat(postfix.log()).doesNotContain("warning: " + postfixType);
        }
    }

    /** The proxy with the consumer and its SQL access table on db (the policy listener is not asked here). */
    private static RunningProxy proxy(RealDatabase db, String subscription) throws Exception {
        return RunningProxy.start(Map.of(
                "outgoing_server", "127.0.0.1:" + backend.getPop3().getPort(),
                "policy.enabled", "true",
                "policy.listen_port", String.valueOf(FreePorts.one()),
                "policy.window", String.valueOf(WINDOW_SECONDS),
                "policy.subscription", subscription,
                "policy.sql.enabled", "true",
                "policy.sql.url", db.url(),
                "policy.sql.user", db.name(),
                "policy.sql.password", RealDatabase.PASSWORD,
                "policy.sql.interval", "1"));
    }

    /** The table's rows as "address action", read as the private user. */
    private static List<String> rows(RealDatabase db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.name(), RealDatabase.PASSWORD);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT address, action FROM relay_access")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getString(2));
            }
        }
        return rows;
    }
}
