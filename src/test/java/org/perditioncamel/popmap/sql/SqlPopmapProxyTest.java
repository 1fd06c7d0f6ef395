package org.perditioncamel.popmap.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/**
 * A POP3 login through the running proxy whose popmap is perdition's MySQL map (here H2 in MySQL mode): the server
 * the table names is reached; a database that cannot answer gives a temporary failure, not outgoing_server.
 */
class SqlPopmapProxyTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    @Test
    void popLoginShouldReachTheServerTheTableNames() throws Exception {
        String url = "jdbc:h2:mem:popmap" + UUID.randomUUID().toString().replace("-", "") + ";MODE=MySQL";
        try (Connection keepAlive = DriverManager.getConnection(url, "perdition", "perdition")) {
            try (Statement s = keepAlive.createStatement()) {
                // H2 reads an unquoted user as the USER() function, so the user column is "login" (dbusercol)
                s.execute("CREATE TABLE tblPerdition (login VARCHAR(128) NOT NULL, servername VARCHAR(255), "
                        + "port VARCHAR(8))");
                s.execute("INSERT INTO tblPerdition VALUES ('alice', '127.0.0.1', '" + backend.getPop3().getPort() + "')");
            }
            try (RunningProxy proxy = RunningProxy.start(Map.of(
                    "map_library", "/usr/lib/x86_64-linux-gnu/libperditiondb_mysql.so.0",
                    "map_library_opt", "localhost:0:dbPerdition:tblPerdition:perdition:perdition:servername:login:port",
                    "popmap.sql.url", url,
                    "popmap.sql.pool_size", "3",
                    // a decoy: neither a found user nor a failed lookup may go there
                    "outgoing_server", "127.0.0.1:" + RunningProxy.freePort()))) {
                assertThat(login(proxy, "alice", "secret")).isEqualTo("+OK You are so in");
                assertThat(proxy.main().getCamelContext().getRegistry()
                        .lookupByNameAndType("popmapSqlDataSource", HikariDataSource.class).getMaximumPoolSize())
                        .isEqualTo(3);

                try (Statement s = keepAlive.createStatement()) {
                    s.execute("DROP TABLE tblPerdition");
                }
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(login(proxy, "alice", "secret"))
                                .isEqualTo("-ERR [SYS/TEMP] Temporary failure, please try again later"));
            }
        }
    }

    private static String login(RunningProxy proxy, String user, String password) throws Exception {
        try (LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER " + user).readLine();
            return c.send("PASS " + password).readLine();
        }
    }
}
