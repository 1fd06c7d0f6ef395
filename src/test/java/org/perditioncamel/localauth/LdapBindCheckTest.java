package org.perditioncamel.localauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;

/** authenticate_in.method=ldap against UnboundID's in-memory directory: search then bind, or a DN template. */
class LdapBindCheckTest {
    static final String PEOPLE = "ou=people,dc=example,dc=org";
    private static InMemoryDirectoryServer directory;

    @BeforeAll
    static void start() throws Exception {
        directory = start(0);
    }

    /** The people every directory test uses: alice and bob with passwords, two entries for "twin". */
    static InMemoryDirectoryServer start(int port) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=org");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                java.net.InetAddress.getLoopbackAddress(), port, null));
        config.addAdditionalBindCredentials("cn=reader,dc=example,dc=org", "Reader Secret");
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: dc=example,dc=org", "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        server.add("dn: uid=alice," + PEOPLE, "objectClass: inetOrgPerson", "uid: alice", "cn: Alice", "sn: A",
                "mail: alice@example.org", "userPassword: " + PasswordHashesTest.PASSWORD);
        server.add("dn: uid=bob," + PEOPLE, "objectClass: inetOrgPerson", "uid: bob", "cn: Bob", "sn: B",
                "userPassword: bobs secret");
        server.add("dn: cn=twin one," + PEOPLE, "objectClass: inetOrgPerson", "uid: twin", "cn: twin one", "sn: T",
                "userPassword: twin");
        server.add("dn: cn=twin two," + PEOPLE, "objectClass: inetOrgPerson", "uid: twin", "cn: twin two", "sn: T",
                "userPassword: twin");
        server.startListening();
        return server;
    }

    @AfterAll
    static void stop() {
        directory.shutDown(true);
    }

    private static LdapBindCheck check(String url) {
        Settings s = Settings.of(Map.of("authenticate_in", "true", "authenticate_in.method", "ldap",
                "authenticate_in.ldap.url", url, "map_library", ""));
        return new LdapBindCheck(LdapBindCheck.settings(s, LocalAuthSettings.from(s)));
    }

    private static String host() {
        return "ldap://127.0.0.1:" + directory.getListenPort();
    }

    @Test
    void searchThenBindShouldAcceptTheRightPasswordOnly() throws Exception {
        try (LdapBindCheck check = check(host() + "/" + PEOPLE + "?uid?sub?(uid=%s)"
                + "?bindname=cn=reader%2cdc=example%2cdc=org,x-bindpw=Reader%20Secret")) {
            assertThat(check.check("alice", PasswordHashesTest.PASSWORD, "127.0.0.1")).isTrue();
            assertThat(check.check("alice", "wrong", "127.0.0.1")).isFalse();
            assertThat(check.check("bob", "bobs secret", "127.0.0.1")).isTrue();
            assertThat(check.check("nobody", "bobs secret", "127.0.0.1")).isFalse();
            // the pooled connection went back to the reader after each bind: searches still work
            assertThat(check.check("alice", PasswordHashesTest.PASSWORD, "127.0.0.1")).isTrue();
        }
    }

    @Test
    void aDnTemplateShouldBeBoundWithoutASearch() throws Exception {
        try (LdapBindCheck check = check(host() + "/uid=%s," + PEOPLE + "?uid?base")) {
            assertThat(check.check("alice", PasswordHashesTest.PASSWORD, "127.0.0.1")).isTrue();
            assertThat(check.check("alice", "bobs secret", "127.0.0.1")).isFalse();
            assertThat(check.check("nobody", "x", "127.0.0.1")).isFalse();
            // RFC 4514: the name cannot add an RDN or leave the base
            assertThat(check.check("alice,ou=people", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
        }
    }

    /** An empty password would be an unauthenticated bind, which a directory accepts (RFC 4513 §5.1.2). */
    @Test
    void anEmptyPasswordShouldBeRefusedWithoutBinding() throws Exception {
        try (LdapBindCheck check = check(host() + "/uid=%s," + PEOPLE + "?uid?base")) {
            assertThat(check.check("alice", "", "127.0.0.1")).isFalse();
        }
    }

    @Test
    void filterInjectionAndAmbiguousNamesShouldBeRefused() throws Exception {
        try (LdapBindCheck check = check(host() + "/" + PEOPLE + "?uid?sub?(uid=%s)")) {
            assertThat(check.check("*", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
            assertThat(check.check("a*)(uid=*", PasswordHashesTest.PASSWORD, "127.0.0.1")).isFalse();
            assertThat(check.check("twin", "twin", "127.0.0.1")).isFalse();
        }
    }

    @Test
    void aDirectoryThatIsDownShouldBeUnavailableNotRefused() throws Exception {
        int closed = org.perditioncamel.testing.FreePorts.one();
        Settings s = Settings.of(Map.of("authenticate_in", "true", "authenticate_in.method", "ldap",
                "authenticate_in.ldap.url", "ldap://127.0.0.1:" + closed + "/" + PEOPLE + "?uid?sub?(uid=%s)",
                "authenticate_in.ldap.timeout", "2", "map_library", ""));
        try (LdapBindCheck check = new LdapBindCheck(LdapBindCheck.settings(s, LocalAuthSettings.from(s)))) {
            assertThatThrownBy(() -> check.check("alice", PasswordHashesTest.PASSWORD, "127.0.0.1"))
                    .isInstanceOf(CheckUnavailableException.class).hasMessageContaining("connect");
        }
    }

    @Test
    void withoutAUrlTheMethodShouldNotStart() {
        Settings s = Settings.of(Map.of("authenticate_in", "true", "authenticate_in.method", "ldap", "map_library", ""));
        assertThatThrownBy(() -> LdapBindCheck.settings(s, LocalAuthSettings.from(s)))
                .hasMessageContaining("authenticate_in.ldap.url");
        Settings both = Settings.of(Map.of("authenticate_in.method", "ldap", "map_library", "",
                "authenticate_in.ldap.url", "ldaps://127.0.0.1/uid=%s,ou=people?uid?base",
                "authenticate_in.ldap.starttls", "true"));
        assertThatThrownBy(() -> LdapBindCheck.settings(both, LocalAuthSettings.from(both)))
                .hasMessageContaining("authenticate_in.ldap.starttls and an ldaps:// URL");
    }
}
