package org.perditioncamel.localauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.sql.RealDatabase;

/**
 * authenticate_in.method=sql on the real PostgreSQL and MariaDB of this machine (.ci/run starts them): a table of
 * bcrypt, SHA-512-crypt and argon2id hashes made by Dovecot's doveadm, a good and a bad password for each, an
 * injection attempt, and a login through the proxy.
 */
class SqlLocalAuthenticationIT {
    private static final String QUERY = "SELECT password FROM mailbox WHERE username = :#user";

    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    private static RealDatabase database(String server) throws Exception {
        RealDatabase database = server.equals("postgresql") ? new RealDatabase.Postgresql() : new RealDatabase.MariaDb();
        database.create(List.of());
        database.execute("CREATE TABLE mailbox (username VARCHAR(128) NOT NULL, password VARCHAR(255))",
                "INSERT INTO mailbox VALUES ('bcrypt', '" + PasswordHashesTest.BCRYPT + "'), "
                        + "('sha512', '{SHA512-CRYPT}" + PasswordHashesTest.SHA512_CRYPT + "'), "
                        + "('argon2id', '" + PasswordHashesTest.ARGON2ID + "'), "
                        + "('bcrypt10', '" + OpenBSDBCrypt.generate("2b", PasswordHashesTest.PASSWORD.toCharArray(),
                        new byte[16], 10) + "'), "
                        + "('alice', '" + OpenBSDBCrypt.generate("2b", "secret".toCharArray(), new byte[16], 8) + "')",
                "GRANT SELECT ON mailbox TO %user");
        return database;
    }

    private static Map<String, String> options(RealDatabase database) {
        return Map.of("authenticate_in.method", "sql", "authenticate_in.sql.url", database.url(),
                "authenticate_in.sql.user", database.name(), "authenticate_in.sql.password", RealDatabase.PASSWORD,
                "authenticate_in.sql.query", QUERY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void eachSchemeShouldAcceptItsPasswordOnly(String server) throws Exception {
        try (RealDatabase database = database(server);
             SqlHashCheck check = new SqlHashCheck(SqlHashSettings.from(Settings.of(options(database))), 2)) {
            for (String user : new String[] {"bcrypt", "sha512", "argon2id", "bcrypt10"}) {
                assertThat(check.check(user, PasswordHashesTest.PASSWORD, "127.0.0.1")).as(user).isTrue();
                assertThat(check.check(user, PasswordHashesTest.PASSWORD.toLowerCase(), "127.0.0.1")).as(user).isFalse();
            }
            assertThat(check.check("nobody", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
            assertThat(check.check("x' OR '1'='1", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
            assertThat(check.check("bcrypt' -- ", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
            for (String user : new String[] {"bcrypt10", "sha512", "argon2id"}) {
                CheckCost.measure("SQL on " + server + ", " + user + " (doveadm's default cost, bcrypt10: cost 10)",
                        user.equals("argon2id") ? 5 : 40,
                        () -> assertThat(check.check(user, PasswordHashesTest.PASSWORD, "127.0.0.1")).isTrue());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void throughTheProxyOnlyTheRightPasswordShouldReachTheBackend(String server) throws Exception {
        try (RealDatabase database = database(server)) {
            ThroughTheProxy.onlyTheRightPasswordReachesTheBackend(backend.getPop3().getPort(), options(database),
                    "alice", "secret");
        }
    }
}
