package org.perditioncamel.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.CountingForwarder;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;
import org.perditioncamel.testing.Scrape;

/**
 * Brute-force throttling through the real application, GreenMail behind a connection counter: once a key reaches
 * its threshold the attempt gets the protocol's temporary failure, no backend connection is made, and clients with
 * another address or user log in as before. Clients come from distinct loopback addresses (127.0.0.x).
 */
class ThrottlingProxyTest {
    private static final String TEMPORARY = "-ERR [SYS/TEMP] Temporary failure, please try again later";
    private static final String REFUSED = "-ERR failed: Re-Authentication Failure";

    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3_IMAP))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret")
                    .withUser("bob@example.org", "bob", "secret").withUser("carol@example.org", "carol", "secret"));

    @TempDir
    Path dir;

    private RunningProxy proxy(CountingForwarder forwarder, String... keys) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("outgoing_server", "127.0.0.1:" + forwarder.port(),
                "throttle.enabled", "true", "throttle.ip_failures", "0", "throttle.user_failures", "0",
                "throttle.user_ip_failures", "0", "throttle.delay", "0", "log_facility", dir.resolve("proxy.log").toString()));
        for (int i = 0; i < keys.length; i += 2) {
            options.put(keys[i], keys[i + 1]);
        }
        return RunningProxy.start(options);
    }

    /** A client whose address is 127.0.0.last: each its own throttling key. */
    private static LineClient from(int last, int port) throws Exception {
        return new LineClient(new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName("127.0.0." + last), 0));
    }

    private static String pop3Login(int from, int port, String user, String password) throws Exception {
        try (LineClient c = from(from, port)) {
            c.readLine();
            c.send("USER " + user).readLine();
            return c.send("PASS " + password).readLine();
        }
    }

    @Test
    void aClientAddressShouldBeThrottledAtItsThresholdAndNoOtherAddress() throws Exception {
        try (CountingForwarder forwarder = new CountingForwarder(backend.getPop3().getPort());
             RunningProxy proxy = proxy(forwarder, "throttle.ip_failures", "3", "throttle.delay", "400")) {
            assertThat(pop3Login(2, proxy.port(), "alice", "wrong")).isEqualTo(REFUSED);
            assertThat(pop3Login(2, proxy.port(), "bob", "wrong")).isEqualTo(REFUSED);
            assertThat(pop3Login(2, proxy.port(), "carol", "wrong")).isEqualTo(REFUSED);
            assertThat(forwarder.connections()).isEqualTo(3);

            // the right password changes nothing from that address: delayed, refused, no backend connection
            long start = System.nanoTime();
            assertThat(pop3Login(2, proxy.port(), "alice", "secret")).isEqualTo(TEMPORARY);
            assertThat((System.nanoTime() - start) / 1_000_000).as("throttle.delay before the refusal").isGreaterThanOrEqualTo(400);
            assertThat(forwarder.connections()).isEqualTo(3);

            // another address is served as before, and the same user from it too
            assertThat(pop3Login(3, proxy.port(), "alice", "secret")).isEqualTo("+OK You are so in");
            assertThat(forwarder.connections()).isEqualTo(4);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(dir.resolve("proxy.log")))
                    .contains("Throttling logins for 127.0.0.2: 3 failures within 900s (throttle.ip_failures)")
                    .contains("status=\"failed: throttled (client address)\""));
        }
    }

    @Test
    void aUserShouldBeThrottledFromEveryAddressAndOtherUsersNot() throws Exception {
        try (CountingForwarder forwarder = new CountingForwarder(backend.getPop3().getPort());
             RunningProxy proxy = proxy(forwarder, "throttle.user_failures", "3")) {
            for (int from = 2; from <= 4; from++) {
                assertThat(pop3Login(from, proxy.port(), "bob", "wrong")).isEqualTo(REFUSED);
            }
            assertThat(pop3Login(5, proxy.port(), "bob", "secret")).isEqualTo(TEMPORARY);
            assertThat(pop3Login(2, proxy.port(), "BOB", "secret")).as("the user's name in another case").isEqualTo(TEMPORARY);
            assertThat(forwarder.connections()).isEqualTo(3);

            assertThat(pop3Login(5, proxy.port(), "carol", "secret")).isEqualTo("+OK You are so in");
            assertThat(forwarder.connections()).isEqualTo(4);
        }
    }

    /** strip_domain makes alice@a, alice@b... one mailbox: their failures count against it, not a fresh key each. */
    @Test
    void namesThatReachOneMailboxShouldShareItsCount() throws Exception {
        try (CountingForwarder forwarder = new CountingForwarder(backend.getPop3().getPort());
             RunningProxy proxy = proxy(forwarder, "throttle.user_failures", "3", "strip_domain", "remote_login")) {
            for (int from = 2; from <= 4; from++) {
                assertThat(pop3Login(from, proxy.port(), "bob@x" + from, "wrong")).isEqualTo(REFUSED);
            }
            assertThat(pop3Login(5, proxy.port(), "bob@elsewhere", "secret")).isEqualTo(TEMPORARY);
            assertThat(forwarder.connections()).isEqualTo(3);
        }
    }

    @Test
    void aUserFromOneAddressShouldBeThrottledThereOnly() throws Exception {
        try (CountingForwarder forwarder = new CountingForwarder(backend.getPop3().getPort());
             RunningProxy proxy = proxy(forwarder, "throttle.user_ip_failures", "2")) {
            assertThat(pop3Login(2, proxy.port(), "carol", "wrong")).isEqualTo(REFUSED);
            assertThat(pop3Login(2, proxy.port(), "carol", "wrong")).isEqualTo(REFUSED);
            assertThat(pop3Login(2, proxy.port(), "carol", "secret")).isEqualTo(TEMPORARY);
            assertThat(forwarder.connections()).isEqualTo(2);

            assertThat(pop3Login(3, proxy.port(), "carol", "secret")).isEqualTo("+OK You are so in");
            assertThat(pop3Login(2, proxy.port(), "alice", "secret")).isEqualTo("+OK You are so in");
            assertThat(forwarder.connections()).isEqualTo(4);
        }
    }

    @Test
    void imapAndManageSieveShouldGetTheirTemporaryFailureWithoutABackend() throws Exception {
        int imap = FreePorts.one();
        int sieve = FreePorts.one();
        int management = FreePorts.one();
        try (CountingForwarder forwarder = new CountingForwarder(backend.getImap().getPort());
             RunningProxy proxy = proxy(forwarder, "throttle.user_failures", "2", "listeners", "POP3,IMAP4,MANAGESIEVE",
                     "imap4.listen_port", Integer.toString(imap), "managesieve.listen_port", Integer.toString(sieve),
                     "management_port", Integer.toString(management))) {
            for (int i = 0; i < 2; i++) {
                try (LineClient c = from(2, imap)) {
                    c.readLine();
                    assertThat(c.send("a1 LOGIN alice wrong").readLine()).startsWith("a1 NO");
                }
            }
            assertThat(forwarder.connections()).isEqualTo(2);
            try (LineClient c = from(3, imap)) {
                c.readLine();
                assertThat(c.send("a1 LOGIN alice secret").readLine())
                        .isEqualTo("a1 NO [UNAVAILABLE] Temporary failure, please try again later");
            }
            try (LineClient c = from(3, sieve)) {
                String line;
                do {
                    line = c.readLine();
                } while (!line.startsWith("OK"));
                String plain = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes());
                assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + plain + "\"").readLine())
                        .isEqualTo("NO (TRYLATER) \"Temporary failure, please try again later\"");
            }
            assertThat(forwarder.connections()).isEqualTo(2);
            Map<String, Double> m = Scrape.metrics(management);
            assertThat(m.get("perdition_logins_total{outcome=\"failed\",protocol=\"imap4\",reason=\"throttled_user\"}"))
                    .isEqualTo(1.0);
            assertThat(m.get("perdition_logins_total{outcome=\"failed\",protocol=\"managesieve\",reason=\"throttled_user\"}"))
                    .isEqualTo(1.0);
        }
    }
}
