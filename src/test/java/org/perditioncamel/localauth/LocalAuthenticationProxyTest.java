package org.perditioncamel.localauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.apache.camel.model.ThreadsDefinition;
import org.apache.commons.codec.digest.Crypt;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.CountingForwarder;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/**
 * authenticate_in through the whole proxy (SQL hashes in H2, GreenMail as the backend behind a connection counter):
 * a right password reaches the backend; a wrong one is refused as perdition refuses it, after the same error delay
 * as a backend refusal, and the backend never sees a connection.
 */
class LocalAuthenticationProxyTest {
    static final long ERROR_DELAY = 700;

    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret")
                    .withUser("carol@example.org", "carol", "backend only"));

    @TempDir
    static Path dir;
    static Connection keeper;
    static String url;

    @BeforeAll
    static void database() throws Exception {
        url = "jdbc:h2:mem:proxy" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        keeper = DriverManager.getConnection(url, "sa", "");
        try (Statement s = keeper.createStatement()) {
            s.execute("CREATE TABLE mailbox (username VARCHAR(128) PRIMARY KEY, password VARCHAR(255))");
        }
        // carol's local password is not the backend's: the local check passes, the backend refuses
        SqlHashCheckTest.insert(keeper, Map.of("alice@example.org", Crypt.crypt("secret", "$6$Jk3m9aQz"),
                "carol@example.org", Crypt.crypt("secret", "$6$Zz0p1LqW"),
                "dora@example.org", Crypt.crypt("s\u00e9cret".getBytes(StandardCharsets.UTF_8), "$6$Dq7vX2mN")));
    }

    @AfterAll
    static void close() throws Exception {
        keeper.close();
    }

    /** Users log in as "alice"; add_domain local_authentication checks "alice@example.org", the backend gets alice. */
    private static RunningProxy proxy(CountingForwarder forwarder, Path log, String... more) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("authenticate_in", "true",
                "authenticate_in.method", "sql", "authenticate_in.sql.url", url, "authenticate_in.sql.user", "sa",
                "authenticate_in.sql.query", "SELECT password FROM mailbox WHERE username = :#user",
                "add_domain", "local_authentication", "explicit_domain", "example.org",
                "outgoing_server", "127.0.0.1:" + forwarder.port(), "error_delay", Long.toString(ERROR_DELAY),
                "log_facility", log.toString()));
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return RunningProxy.start(options);
    }

    @Test
    void theRightPasswordShouldReachTheBackendAndAWrongOneShouldNot() throws Exception {
        Path log = dir.resolve("right-wrong.log");
        try (CountingForwarder forwarder = new CountingForwarder(backend.getPop3().getPort());
             RunningProxy proxy = proxy(forwarder, log)) {
            long start = System.nanoTime();
            assertThat(pop3Login(proxy.port(), "alice", "wrong")).isEqualTo("-ERR Authentication failure, mate");
            long localRefusal = millisSince(start);
            assertThat(forwarder.connections()).as("backend connections after a wrong password").isZero();

            start = System.nanoTime();
            assertThat(pop3Login(proxy.port(), "carol", "secret")).isEqualTo("-ERR failed: Re-Authentication Failure");
            long backendRefusal = millisSince(start);
            assertThat(forwarder.connections()).isEqualTo(1);

            assertThat(pop3Login(proxy.port(), "alice", "secret")).isEqualTo("+OK You are so in");
            assertThat(forwarder.connections()).isEqualTo(2);

            // the same error delay as a refusal from the backend (which adds only its own short round trip)
            assertThat(localRefusal).isBetween(ERROR_DELAY, ERROR_DELAY + 1500);
            assertThat(backendRefusal).isBetween(ERROR_DELAY, ERROR_DELAY + 1500);
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Files.readString(log))
                    .contains("Local authentication failure for client: Allowing retry.")
                    .containsPattern("authentication_id=\"alice\" server=\"\\(null\\):pop3\" .*"
                            + "status=\"failed: local authentication failure\"")
                    .doesNotContain("wrong"));
        }
    }

    /** POP3 passes on the password's octets; those of a UTF-8 password are checked as the text the hash was made of. */
    @Test
    void aUtf8PasswordShouldPassTheLocalCheck() throws Exception {
        String utf8Octets = new String("s\u00e9cret".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String otherOctets = new String("s\u00e8cret".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        try (CountingForwarder forwarder = new CountingForwarder(backend.getPop3().getPort());
             RunningProxy proxy = proxy(forwarder, dir.resolve("utf8.log"))) {
            assertThat(pop3Login(proxy.port(), "dora", otherOctets)).isEqualTo("-ERR Authentication failure, mate");
            assertThat(forwarder.connections()).isZero();
            // the local check passes; the backend, which has no dora, refuses
            assertThat(pop3Login(proxy.port(), "dora", utf8Octets)).isEqualTo("-ERR failed: Re-Authentication Failure");
            assertThat(forwarder.connections()).isEqualTo(1);
        }
    }

    @Test
    void imapAndManageSieveShouldGetPerditionsRefusalWithoutABackend() throws Exception {
        int imap = RunningProxy.freePort();
        int sieve = RunningProxy.freePort();
        try (CountingForwarder forwarder = new CountingForwarder(backend.getPop3().getPort());
             RunningProxy proxy = proxy(forwarder, dir.resolve("imap.log"), "listeners", "POP3,IMAP4,MANAGESIEVE",
                     "imap4.listen_port", Integer.toString(imap), "managesieve.listen_port", Integer.toString(sieve))) {
            try (LineClient c = new LineClient(imap)) {
                c.readLine();
                assertThat(c.send("a1 LOGIN alice wrong").readLine()).isEqualTo("a1 NO Authentication failure");
            }
            try (LineClient c = new LineClient(sieve)) {
                String line;
                do {
                    line = c.readLine();
                } while (!line.startsWith("OK"));
                String plain = Base64.getEncoder().encodeToString("\0alice\0wrong".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.send("AUTHENTICATE \"PLAIN\" \"" + plain + "\"").readLine())
                        .isEqualTo("NO \"Authentication failure\"");
            }
            assertThat(forwarder.connections()).isZero();
        }
    }

    @Test
    void aDatabaseThatIsDownShouldGiveATemporaryFailureAndNoBackend() throws Exception {
        Path log = dir.resolve("down.log");
        try (CountingForwarder forwarder = new CountingForwarder(backend.getPop3().getPort());
             RunningProxy proxy = proxy(forwarder, log, "authenticate_in.sql.url",
                     "jdbc:postgresql://127.0.0.1:" + RunningProxy.freePort() + "/mail",
                     "authenticate_in.sql.check_at_start", "false", "authenticate_in.sql.connect_timeout", "1")) {
            assertThat(pop3Login(proxy.port(), "alice", "secret"))
                    .isEqualTo("-ERR [SYS/TEMP] Temporary failure, please try again later");
            assertThat(forwarder.connections()).isZero();
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Files.readString(log))
                    .contains("Local authentication unavailable: SQL jdbc:postgresql://127.0.0.1:")
                    .contains("status=\"failed: local authentication unavailable: SQL"));
        }
    }

    /** The check may block (PAM, a directory, a database): the route hands it to its own pool first. */
    @Test
    void theCheckShouldRunOnItsOwnPool() throws Exception {
        try (CountingForwarder forwarder = new CountingForwarder(backend.getPop3().getPort());
             RunningProxy proxy = proxy(forwarder, dir.resolve("pool.log"), "authenticate_in.pool_size", "3")) {
            var route = ((org.apache.camel.model.ModelCamelContext) proxy.main().getCamelContext())
                    .getRouteDefinition("local-authentication");
            ThreadsDefinition threads = (ThreadsDefinition) route.getOutputs().get(0);
            assertThat(threads.getId()).isEqualTo("local-authentication-pool");
            assertThat(proxy.main().getCamelContext().resolvePropertyPlaceholders(threads.getPoolSize())).isEqualTo("3");
            // a full queue refuses; Camel's default (caller runs) would check the password on the event loop
            assertThat(threads.getRejectedPolicy()).isEqualTo("Abort");
        }
    }

    static String pop3Login(int port, String user, String password) throws Exception {
        try (LineClient c = new LineClient(port)) {
            c.readLine();
            c.send("USER " + user).readLine();
            return c.send("PASS " + password).readLine();
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
