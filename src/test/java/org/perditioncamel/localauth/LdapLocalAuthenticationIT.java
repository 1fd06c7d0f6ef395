package org.perditioncamel.localauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.config.Settings;
import org.perditioncamel.it.SlapdServer;

/**
 * authenticate_in.method=ldap against a real OpenLDAP slapd (Debian's slapd, a private instance from an LDIF): a
 * plain and an {SSHA} userPassword, search-then-bind with a service account over StartTLS, a DN template over
 * ldaps://, and a login through the proxy.
 */
class LdapLocalAuthenticationIT {
    private static final String PEOPLE = "ou=people,dc=nodomain";

    @RegisterExtension
    @Order(1)
    static final SlapdServer SLAPD = new SlapdServer(LdapLocalAuthenticationIT::directory);

    @RegisterExtension
    @Order(2)
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    static String directory() {
        return SlapdServer.entry("dc=nodomain", "objectClass: dcObject", "objectClass: organization", "o: nodomain",
                "dc: nodomain")
                + SlapdServer.entry(PEOPLE, "objectClass: organizationalUnit", "ou: people")
                + SlapdServer.entry("cn=alice," + PEOPLE, "objectClass: person", "cn: alice", "sn: A",
                "userPassword: secret")
                + SlapdServer.entry("cn=bob," + PEOPLE, "objectClass: person", "cn: bob", "sn: B",
                "userPassword: " + slappasswd("pa ss word"));
    }

    /** slapd's own {SSHA} hash of the password. */
    private static String slappasswd(String password) {
        try {
            Process p = new ProcessBuilder("/usr/sbin/slappasswd", "-s", password).redirectErrorStream(true).start();
            String hash = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0 || !hash.startsWith("{SSHA}")) {
                throw new IllegalStateException("slappasswd failed: " + hash);
            }
            return hash;
        } catch (IOException e) {
            throw new IllegalStateException("slappasswd (Debian's slapd) is needed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Search as the service account over StartTLS (the directory's CA), then bind as the entry found. */
    private static Map<String, String> searchThenBind() {
        return Map.of("authenticate_in.method", "ldap",
                "authenticate_in.ldap.url", "ldap://localhost:" + SLAPD.port() + "/" + PEOPLE + "?cn?one?(cn=%s)"
                        + "?bindname=" + SlapdServer.ROOT_DN.replace(",", "%2c") + ",x-bindpw="
                        + SlapdServer.ROOT_PASSWORD.replace(" ", "%20"),
                "authenticate_in.ldap.starttls", "true", "authenticate_in.ldap.ca_file", SLAPD.caFile().toString(),
                "map_library", "");
    }

    @Test
    void searchThenBindOverStartTlsShouldAcceptTheRightPasswordOnly() throws Exception {
        Settings s = Settings.of(searchThenBind());
        try (LdapBindCheck check = new LdapBindCheck(LdapBindCheck.settings(s, LocalAuthSettings.from(s)))) {
            assertThat(check.check("alice", "secret", "127.0.0.1")).isTrue();
            assertThat(check.check("alice", "Secret", "127.0.0.1")).isFalse();
            assertThat(check.check("bob", "pa ss word", "127.0.0.1")).isTrue();
            assertThat(check.check("bob", "pa ss wort", "127.0.0.1")).isFalse();
            assertThat(check.check("*", "secret", "127.0.0.1")).isFalse();
            assertThat(check.check("carol", "secret", "127.0.0.1")).isFalse();
            CheckCost.measure("LDAP search then bind on slapd over StartTLS", 100,
                    () -> assertThat(check.check("bob", "pa ss word", "127.0.0.1")).isTrue());
        }
    }

    @Test
    void aDnTemplateOverLdapsShouldAcceptTheRightPasswordOnly() throws Exception {
        Settings s = Settings.of(Map.of("authenticate_in.method", "ldap", "map_library", "",
                "authenticate_in.ldap.url", "ldaps://localhost:" + SLAPD.ldapsPort() + "/cn=%s," + PEOPLE + "?cn?base",
                "authenticate_in.ldap.ca_file", SLAPD.caFile().toString()));
        try (LdapBindCheck check = new LdapBindCheck(LdapBindCheck.settings(s, LocalAuthSettings.from(s)))) {
            assertThat(check.check("alice", "secret", "127.0.0.1")).isTrue();
            assertThat(check.check("alice", "pa ss word", "127.0.0.1")).isFalse();
            assertThat(check.check("nobody", "secret", "127.0.0.1")).isFalse();
            assertThat(check.check("alice", "", "127.0.0.1")).isFalse();
            CheckCost.measure("LDAP bind on slapd over ldaps (DN template)", 100,
                    () -> assertThat(check.check("alice", "secret", "127.0.0.1")).isTrue());
        }
    }

    @Test
    void throughTheProxyOnlyTheRightPasswordShouldReachTheBackend() throws Exception {
        ThroughTheProxy.onlyTheRightPasswordReachesTheBackend(backend.getPop3().getPort(), searchThenBind(), "alice",
                "secret");
    }
}
