package org.perditioncamel.localauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;

/** authenticate_in.method=sql on an embedded H2: one user per hash scheme, a good and a bad password for each. */
class SqlHashCheckTest {
    private final String url = "jdbc:h2:mem:auth" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    private Connection keeper;
    private SqlHashCheck check;

    @BeforeEach
    void createTable() throws Exception {
        keeper = DriverManager.getConnection(url, "sa", "");
        try (Statement s = keeper.createStatement()) {
            s.execute("CREATE TABLE mailbox (username VARCHAR(128) PRIMARY KEY, password VARCHAR(255))");
        }
        insert(keeper, Map.of("bcrypt", PasswordHashesTest.BCRYPT, "sha512", PasswordHashesTest.SHA512_CRYPT,
                "argon2id", PasswordHashesTest.ARGON2ID, "dovecot", "{SHA512-CRYPT}" + PasswordHashesTest.SHA512_CRYPT,
                "md5", "$1$abcdefgh$0123456789"));
        try (Statement s = keeper.createStatement()) {
            s.execute("INSERT INTO mailbox VALUES ('nohash', NULL)");
        }
        check = new SqlHashCheck(SqlHashSettings.from(Settings.of(Map.of("authenticate_in.sql.url", url,
                "authenticate_in.sql.user", "sa",
                "authenticate_in.sql.query", "SELECT password FROM mailbox WHERE username = :#user"))), 2);
    }

    static void insert(Connection c, Map<String, String> users) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO mailbox VALUES (?, ?)")) {
            for (Map.Entry<String, String> user : users.entrySet()) {
                insert.setString(1, user.getKey());
                insert.setString(2, user.getValue());
                insert.executeUpdate();
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        check.close();
        keeper.close();
    }

    @Test
    void eachSchemeShouldAcceptItsPasswordAndRefuseAnother() throws Exception {
        for (String user : new String[] {"bcrypt", "sha512", "argon2id", "dovecot"}) {
            assertThat(check.check(user, PasswordHashesTest.PASSWORD, "127.0.0.1")).as(user).isTrue();
            assertThat(check.check(user, "wrong", "127.0.0.1")).as(user).isFalse();
        }
    }

    @Test
    void unknownUsersNullHashesAndUnknownSchemesShouldBeRefused() throws Exception {
        assertThat(check.check("nobody", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
        assertThat(check.check("nohash", "", "127.0.0.1")).isFalse();
        assertThat(check.check("md5", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
    }

    @Test
    void anUnknownUserShouldCostAHashComparisonAsAWrongPasswordDoes() throws Exception {
        List<String> compared = new CopyOnWriteArrayList<>();
        try (SqlHashCheck counting = new SqlHashCheck(SqlHashSettings.from(Settings.of(Map.of(
                "authenticate_in.sql.url", url, "authenticate_in.sql.user", "sa",
                "authenticate_in.sql.query", "SELECT password FROM mailbox WHERE username = :#user"))), 1,
                (hash, password) -> {
                    compared.add(hash);
                    return PasswordHashes.matches(hash, password);
                })) {
            assertThat(counting.check("bcrypt", "wrong", "127.0.0.1")).isFalse();
            // a hash that cannot be checked (unknown scheme, a locked account's "!") must not become the decoy
            assertThat(counting.check("md5", "wrong", "127.0.0.1")).isFalse();
            // its own hash threw, then the decoy was compared, as for an unknown user
            assertThat(compared.remove(compared.size() - 1)).isEqualTo(PasswordHashesTest.BCRYPT);
            compared.remove(compared.size() - 1);
            // the same password under the bcrypt user's hash: a match there must not let the unknown user in
            assertThat(counting.check("nobody", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
            assertThat(counting.check("nohash", "", "127.0.0.1")).isFalse();

            assertThat(compared).containsExactly(PasswordHashesTest.BCRYPT, PasswordHashesTest.BCRYPT,
                    PasswordHashesTest.BCRYPT);
        }
    }

    /** The name is a parameter, never SQL text. */
    @Test
    void sqlInjectionInTheNameShouldFindNothing() throws Exception {
        assertThat(check.check("x' OR '1'='1", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
        assertThat(check.check("bcrypt' --", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
    }

    @Test
    void aDatabaseThatCannotBeReachedShouldBeUnavailableNotRefused() throws Exception {
        int closed = org.perditioncamel.testing.FreePorts.one();
        SqlHashCheck down = new SqlHashCheck(SqlHashSettings.from(Settings.of(Map.of(
                "authenticate_in.sql.url", "jdbc:postgresql://127.0.0.1:" + closed + "/mail",
                "authenticate_in.sql.query", "SELECT password FROM mailbox WHERE username = :#user",
                "authenticate_in.sql.connect_timeout", "1", "authenticate_in.sql.check_at_start", "false"))), 1);
        try {
            assertThatThrownBy(() -> down.check("bcrypt", PasswordHashesTest.PASSWORD, "127.0.0.1"))
                    .isInstanceOf(CheckUnavailableException.class).hasMessageContaining("127.0.0.1:" + closed);
        } finally {
            down.close();
        }
    }

    @Test
    void aWrongQueryShouldStopTheStartWithItsReason() {
        assertThatThrownBy(() -> new SqlHashCheck(SqlHashSettings.from(Settings.of(Map.of("authenticate_in.sql.url",
                url, "authenticate_in.sql.user", "sa",
                "authenticate_in.sql.query", "SELECT pw FROM nosuchtable WHERE username = :#user"))), 1))
                .hasMessageContaining("the SQL query cannot be used").hasMessageContaining("NOSUCHTABLE");
        assertThatThrownBy(() -> SqlHashSettings.from(Settings.of(Map.of("authenticate_in.sql.url", url,
                "authenticate_in.sql.query", "SELECT password FROM mailbox WHERE username = ?"))))
                .hasMessageContaining(":#user");
    }
}
