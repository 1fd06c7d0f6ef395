package org.perditioncamel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/** A popmap that cannot be read gives a temporary failure, never outgoing_server, and recovers by itself. */
class PopmapUnavailableTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.org", "alice", "secret"));

    @TempDir
    Path dir;

    @Test
    void aPopmapGoneMidRunShouldGiveTemporaryFailuresWithAnAuthLineAndComeBackWithoutRestart() throws Exception {
        Path popmap = dir.resolve("popmap");
        Path log = dir.resolve("perdition.log");
        String entry = "alice:127.0.0.1:" + backend.getPop3().getPort() + "\n";
        Files.writeString(popmap, entry);
        try (RunningProxy proxy = RunningProxy.start(Map.of("map_library", "flatfile",
                "map_library_opt", popmap.toString(), "log_facility", log.toString(),
                // a decoy: a failed popmap must not send anyone here
                "outgoing_server", "127.0.0.1:" + RunningProxy.freePort()))) {
            assertThat(login(proxy, "alice", "secret")).isEqualTo("+OK You are so in");

            Files.delete(popmap);
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(login(proxy, "alice", "secret"))
                            .isEqualTo("-ERR [SYS/TEMP] Temporary failure, please try again later"));
            Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(Files.readString(log)).contains("authentication_id=\"alice\" server=\"(null):pop3\"")
                            .containsPattern("server=\"\\(null\\):pop3\".*status=\"failed: popmap unavailable: "
                                    + ".*popmap cannot be read: no such file\""));

            Files.writeString(popmap, entry);
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(login(proxy, "alice", "secret")).isEqualTo("+OK You are so in"));
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
