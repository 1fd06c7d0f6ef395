package org.perditioncamel.localauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.apache.commons.codec.digest.Crypt;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.CountingForwarder;
import org.perditioncamel.testing.RunningProxy;

/**
 * authenticate_in with PAM, perdition's own method, through the real libpam: a PAM service of the test's own in
 * /etc/pam.d (the tests run as root) with pam_pwdfile (Debian's libpam-pwdfile) reading a password file of crypt(3)
 * hashes the test writes, so no system account is touched. Both files are removed afterwards.
 */
class PamLocalAuthenticationIT {
    private static final String SERVICE = "perdition-camel-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String BROKEN = SERVICE + "-broken";

    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice@example.org",
                    "secret"));

    private static Path dir;

    @BeforeAll
    static void pamService() throws Exception {
        dir = Files.createTempDirectory("pam-test-");
        Path passwords = dir.resolve("passwd");
        Files.writeString(passwords, "alice:" + Crypt.crypt("secret", "$6$Qa8zP0xE") + "\n"
                + "bob:" + Crypt.crypt("pa ss wörd", "$6$rounds=6000$Lm2nB7vC") + "\n");
        Path module = Path.of("/lib/x86_64-linux-gnu/security/pam_pwdfile.so");
        if (!Files.exists(module)) {
            throw new IllegalStateException(module + " is missing: install libpam-pwdfile (.ci/run does this)");
        }
        // nodelay: pam_pwdfile would otherwise hold the pool thread 2 s per failure (pam_fail_delay)
        Files.writeString(Path.of("/etc/pam.d", SERVICE), "auth required pam_pwdfile.so pwdfile=" + passwords
                + " nodelay\naccount required pam_permit.so\n");
        Files.writeString(Path.of("/etc/pam.d", BROKEN), "auth required pam_perdition_camel_missing.so\n"
                + "account required pam_permit.so\n");
    }

    @AfterAll
    static void removeService() throws Exception {
        Files.deleteIfExists(Path.of("/etc/pam.d", SERVICE));
        Files.deleteIfExists(Path.of("/etc/pam.d", BROKEN));
        Files.deleteIfExists(dir.resolve("passwd"));
        Files.deleteIfExists(dir);
    }

    @Test
    void pamShouldAcceptTheRightPasswordOnly() throws Exception {
        PamCheck pam = new PamCheck(SERVICE);
        assertThat(pam.check("alice", "secret", "127.0.0.1")).isTrue();
        assertThat(pam.check("alice", "Secret", "127.0.0.1")).isFalse();
        assertThat(pam.check("bob", "pa ss wörd", "127.0.0.1")).isTrue();
        assertThat(pam.check("bob", "pa ss word", "127.0.0.1")).isFalse();
        assertThat(pam.check("nobody", "secret", "127.0.0.1")).isFalse();
        assertThat(pam.check("alice", "", "127.0.0.1")).isFalse();
        CheckCost.measure("PAM (pam_pwdfile, SHA-512-crypt 5000 rounds)", 200,
                () -> assertThat(pam.check("alice", "secret", "127.0.0.1")).isTrue());
    }

    /** A module that cannot be loaded is the service's fault: not a wrong password (perdition 2.2 says it is). */
    @Test
    void aBrokenPamServiceShouldBeUnavailable() {
        PamCheck pam = new PamCheck(BROKEN);
        assertThatThrownBy(() -> pam.check("alice", "secret", "127.0.0.1"))
                .isInstanceOf(CheckUnavailableException.class).hasMessageContaining("PAM service " + BROKEN);
    }

    /** strip_domain local_authentication: PAM checks "alice", the backend still gets alice@example.org. */
    @Test
    void throughTheProxyOnlyTheRightPasswordShouldReachTheBackend() throws Exception {
        Path log = dir.resolve("proxy.log");
        try (CountingForwarder forwarder = new CountingForwarder(backend.getPop3().getPort());
             RunningProxy proxy = RunningProxy.start(Map.of("authenticate_in", "true",
                     "authenticate_in.pam_service", SERVICE, "strip_domain", "local_authentication",
                     "outgoing_server", "127.0.0.1:" + forwarder.port(), "error_delay", "500",
                     "log_facility", log.toString()))) {
            long start = System.nanoTime();
            assertThat(LocalAuthenticationProxyTest.pop3Login(proxy.port(), "alice@example.org", "wrong"))
                    .isEqualTo("-ERR Authentication failure, mate");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
            assertThat(forwarder.connections()).isZero();
            assertThat(LocalAuthenticationProxyTest.pop3Login(proxy.port(), "alice@example.org", "secret"))
                    .isEqualTo("+OK You are so in");
            assertThat(forwarder.connections()).isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Files.readString(log))
                    .contains("status=\"failed: local authentication failure\"").contains("status=\"ok\""));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
