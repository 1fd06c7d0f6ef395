package org.perditioncamel.popmap.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.time.Duration;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.popmap.LookupResult;
import org.perditioncamel.testing.FreePorts;

/** The route popmap-sql against embedded H2 in MySQL and PostgreSQL modes, with perdition's schema. */
class SqlPopmapRouteTest {
    private static final String MYSQL_LIBRARY = "/usr/lib/x86_64-linux-gnu/libperditiondb_mysql.so.0";
    private static final String POSTGRESQL_LIBRARY = "/usr/lib/x86_64-linux-gnu/libperditiondb_postgresql.so.0";

    /** perdition's defaults written out, but for the user column (see table()). */
    private static final String MYSQL_OPT = "localhost:0:dbPerdition:tblPerdition:perdition:perdition:servername:login:port";

    private String database;
    private Connection keepAlive;
    private SqlSourceRoute route;

    @BeforeEach
    void name() {
        database = "popmap" + UUID.randomUUID().toString().replace("-", "");
    }

    @AfterEach
    void stop() throws SQLException {
        if (route != null) {
            route.close();
        }
        if (keepAlive != null) {
            keepAlive.close();
        }
    }

    private String mysqlUrl() {
        return "jdbc:h2:mem:" + database + ";MODE=MySQL;NON_KEYWORDS=USER";
    }

    private String postgresqlUrl() {
        return "jdbc:h2:mem:" + database + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    /** perdition's table (perdition-mysql's README), kept alive while the test runs. */
    private void table(String url, String... statements) throws SQLException {
        keepAlive = DriverManager.getConnection(url, "perdition", "perdition");
        try (Statement s = keepAlive.createStatement()) {
            // "user" quoted for PostgreSQL, where it is a column only when quoted, as perdition's query has it. H2
            // reads an unquoted user as the USER() function even in MySQL mode, so there the column is "login"
            // (the real MariaDB in SqlPopmapMariaDbIT has perdition's own column names).
            String user = url.contains("PostgreSQL") ? "\"user\"" : "login";
            s.execute("CREATE TABLE tblPerdition (" + user + " VARCHAR(128) NOT NULL, servername VARCHAR(255), "
                    + "port VARCHAR(8))");
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private SqlSourceRoute start(String library, String opt, String url, String... more) throws Exception {
        String[] settings = Arrays.copyOf(more, more.length + 2);
        settings[more.length] = "popmap.sql.url";
        settings[more.length + 1] = url;
        route = SqlSourceRoute.start(library, opt, settings);
        return route;
    }

    @Test
    void perditionMysqlSchemaShouldGiveServerAndPort() throws Exception {
        table(mysqlUrl(),
                "INSERT INTO tblPerdition VALUES ('alice', '10.0.0.1', '1110')",
                "INSERT INTO tblPerdition VALUES ('bob', 'bobby@10.0.0.2', '')",
                "INSERT INTO tblPerdition VALUES ('carol', '10.0.0.3', NULL)");
        start(MYSQL_LIBRARY, MYSQL_OPT, mysqlUrl());

        assertThat(route.lookup("alice")).isEqualTo(new LookupResult.Found("10.0.0.1:1110"));
        assertThat(route.lookup("bob")).isEqualTo(new LookupResult.Found("bobby@10.0.0.2"));
        assertThat(route.lookup("carol")).isEqualTo(new LookupResult.Found("10.0.0.3"));
        assertThat(route.lookup("dave")).isEqualTo(new LookupResult.NotFound());
    }

    @Test
    void userNameShouldNeverBecomeSql() throws Exception {
        table(mysqlUrl(), "INSERT INTO tblPerdition VALUES ('alice', '10.0.0.1', '1110')");
        start(MYSQL_LIBRARY, MYSQL_OPT, mysqlUrl());

        for (String attack : List.of("x' OR '1'='1", "x' OR 1=1 -- ", "x\\' OR 1=1 #", "'; DROP TABLE tblPerdition; --",
                "x' UNION SELECT 'evil.example.com', '25", "alice' AND '1'='1")) {
            assertThat(route.lookup(attack)).as(attack).isEqualTo(new LookupResult.NotFound());
        }
        assertThat(route.lookup("alice")).isEqualTo(new LookupResult.Found("10.0.0.1:1110"));
    }

    @Test
    void emptyPortColumnShouldMeanNoPortColumn() throws Exception {
        table(mysqlUrl(), "CREATE TABLE users (login VARCHAR(64), host VARCHAR(64))",
                "INSERT INTO users VALUES ('alice', 'imap.example.com:1143')");
        start(MYSQL_LIBRARY, "localhost::db:users:perdition:perdition:host:login:", mysqlUrl());

        assertThat(route.lookup("alice")).isEqualTo(new LookupResult.Found("imap.example.com:1143"));
    }

    @Test
    void firstRowShouldWinAsInPerdition() throws Exception {
        table(mysqlUrl(),
                "INSERT INTO tblPerdition VALUES ('alice', '10.0.0.1', '')",
                "INSERT INTO tblPerdition VALUES ('alice', '10.0.0.2', '')");
        start(MYSQL_LIBRARY, MYSQL_OPT, mysqlUrl());

        assertThat(route.lookup("alice")).isInstanceOf(LookupResult.Found.class);
    }

    @Test
    void postgresqlShouldCutValuesAtTheFirstSpaceAndTakeNullServerAsNotFound() throws Exception {
        table(postgresqlUrl(),
                "INSERT INTO tblperdition VALUES ('alice', '10.0.0.1 padding', '1110  ')",
                "INSERT INTO tblperdition VALUES ('nobody', NULL, '1110')");
        start(POSTGRESQL_LIBRARY, "localhost", postgresqlUrl());

        assertThat(route.lookup("alice")).isEqualTo(new LookupResult.Found("10.0.0.1:1110"));
        assertThat(route.lookup("nobody")).isEqualTo(new LookupResult.NotFound());
        assertThat(route.lookup("' OR ''='")).isEqualTo(new LookupResult.NotFound());
    }

    @Test
    void customQueryShouldTakeTheKeyAsNamedParameter() throws Exception {
        table(mysqlUrl(), "CREATE TABLE mailbox (address VARCHAR(64), backend VARCHAR(64), active INT)",
                "INSERT INTO mailbox VALUES ('alice@example.org', 'mail1.example.org', 1)",
                "INSERT INTO mailbox VALUES ('bob@example.org', 'mail2.example.org', 0)");
        start("sql", "", mysqlUrl(), "popmap.sql.query",
                "SELECT backend FROM mailbox WHERE address = :#key AND active = 1 AND backend <> '#'");

        assertThat(route.lookup("alice@example.org")).isEqualTo(new LookupResult.Found("mail1.example.org"));
        assertThat(route.lookup("bob@example.org")).isEqualTo(new LookupResult.NotFound());
    }

    @Test
    void unreachableDatabaseShouldAnswerFailedNotThrow() throws Exception {
        int port = FreePorts.one();
        start(POSTGRESQL_LIBRARY, "127.0.0.1:" + port, "", "popmap.sql.check_at_start", "false",
                "popmap.sql.connect_timeout", "1");

        LookupResult answer = route.lookup("alice");

        assertThat(answer).isInstanceOf(LookupResult.Failed.class);
        assertThat(((LookupResult.Failed) answer).reason()).contains("127.0.0.1:" + port).doesNotContain("perdition:");
    }

    @Test
    void startShouldFailClearlyWhenTheDatabaseCannotAnswerTheQuery() throws Exception {
        table(mysqlUrl());
        assertThatThrownBy(() -> start(MYSQL_LIBRARY, "localhost::db:noSuchTable", mysqlUrl()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the SQL popmap cannot be used")
                .hasMessageContaining("noSuchTable")
                .hasMessageContaining("popmap.sql.check_at_start");
        route = null;
    }

    @Test
    void aLookupThatFindsEveryConnectionBusyShouldAnswerFailedAfterConnectTimeout() throws Exception {
        table(mysqlUrl(), "CREATE ALIAS PAUSE FOR 'java.lang.Thread.sleep(long)'",
                "CREATE TABLE mailbox (address VARCHAR(64), backend VARCHAR(64))",
                "INSERT INTO mailbox VALUES ('alice', 'mail1.example.org')");
        start("sql", "", mysqlUrl(), "popmap.sql.pool_size", "1", "popmap.sql.connect_timeout", "1",
                "popmap.sql.check_at_start", "false",
                "popmap.sql.query", "SELECT backend FROM mailbox WHERE address = :#key AND PAUSE(3000) IS NULL");
        HikariDataSource pool = route.context.getRegistry().lookupByNameAndType("popmapSqlDataSource",
                HikariDataSource.class);
        assertThat(pool.getMaximumPoolSize()).isEqualTo(1);
        ExecutorService callers = Executors.newSingleThreadExecutor();
        try {
            Future<LookupResult> slow = callers.submit(() -> route.lookup("alice"));
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> pool.getHikariPoolMXBean() != null && pool.getHikariPoolMXBean().getActiveConnections() == 1);

            LookupResult waited = route.lookup("alice");

            assertThat(waited).isInstanceOf(LookupResult.Failed.class);
            assertThat(((LookupResult.Failed) waited).reason()).startsWith("SQL popmap " + mysqlUrl())
                    .contains("Connection is not available");
            assertThat(slow.get()).isEqualTo(new LookupResult.Found("mail1.example.org"));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void busyPoolShouldQueueLookupsAndAnswerEveryOne() throws Exception {
        table(mysqlUrl(), "INSERT INTO tblPerdition VALUES ('alice', '10.0.0.1', '1110')");
        start(MYSQL_LIBRARY, MYSQL_OPT, mysqlUrl(), "popmap.sql.pool_size", "2");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<LookupResult>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(callers.submit(() -> route.lookup("alice")));
            }
            for (Future<LookupResult> answer : answers) {
                assertThat(answer.get()).isEqualTo(new LookupResult.Found("10.0.0.1:1110"));
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
