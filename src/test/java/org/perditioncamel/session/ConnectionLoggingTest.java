package org.perditioncamel.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

import static org.assertj.core.api.Assertions.assertThat;

/** connection_logging with debug dumps both sockets as perdition's CLIENT/SELF/REAL lines, without the password. */
class ConnectionLoggingTest {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("erin@example.org", "erin", "erin-Secret-9"));

    @Test
    void bothSocketsShouldBeDumpedWithThePasswordBlanked() throws Exception {
        String lines = logOfOneSession(Map.of());

        assertThat(lines).contains("CLIENT: \"USER erin\\r\\n\"");
        assertThat(lines).contains("SELF:   \"+OK USER erin set, mate\\r\\n\"");
        assertThat(lines).contains("REAL:   \"+OK");
        assertThat(lines).contains("PASS <redacted>");
        assertThat(lines).contains("CLIENT: \"STAT\\r\\n\"");
        assertThat(lines).doesNotContain("erin-Secret-9");
    }

    /** log_passwd is one enum everywhere: "ALWAYS" as written in application.properties shows it in both places. */
    @Test
    void logPasswdAlwaysInUpperCaseShouldShowThePasswordInTheDumpAndTheAuthLine() throws Exception {
        String lines = logOfOneSession(Map.of("log_passwd", "ALWAYS"));

        assertThat(lines).contains("CLIENT: \"PASS erin-Secret-9\\r\\n\"");
        assertThat(lines).containsPattern("Auth: .*authentication_id=\"erin\" passwd=\"erin-Secret-9\"");
    }

    /** One login, STAT and QUIT with debug and connection_logging on (plus {@code options}); the log file's text. */
    private static String logOfOneSession(Map<String, String> options) throws Exception {
        Path log = Files.createTempFile("perdition-", ".log");
        Map<String, String> all = new HashMap<>(Map.of("outgoing_server", "127.0.0.1:" + backend.getPop3().getPort(),
                "debug", "true", "connection_logging", "true", "log_facility", log.toString()));
        all.putAll(options);
        try (RunningProxy proxy = RunningProxy.start(all);
             LineClient c = new LineClient(proxy.port())) {
            c.readLine();
            c.send("USER erin").readLine();
            assertThat(c.send("PASS erin-Secret-9").readLine()).isEqualTo("+OK You are so in");
            c.send("STAT").readLine();
            c.send("QUIT").readLine();
            c.closedByServer();
            Thread.sleep(1000);
        }
        return Files.readString(log);
    }
}
