package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.RunningProxy;

/**
 * bin/perdition-policy as an SMTP host runs it: its own process, its own state directory, subscribed to the hub of a
 * proxy elsewhere. Its policy listener says DUNNO for 127.0.0.1 until a POP3 login through that proxy, then OK.
 */
class PolicyLauncherIT {
    @RegisterExtension
    static GreenMailExtension backend = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_POP3))
            .withPerMethodLifecycle(false)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("carol", "carol-pw"));

    @Test
    void theStandaloneConsumerGrantsAfterALoginThroughTheProxy() throws Exception {
        Path work = Files.createTempDirectory("perdition-policy-");
        int policyPort = FreePorts.one();
        try (RunningProxy proxy = RunningProxy.start(Map.of(
                "outgoing_server", "127.0.0.1:" + backend.getPop3().getPort()))) {
            // no policy.broker_url: the proxy's hub over TLS, pinned by the state directory both share
            String bridgePort = proxy.main().getCamelContext().resolvePropertyPlaceholders("{{events.bridge_port}}");
            String state = proxy.main().getCamelContext().resolvePropertyPlaceholders("{{state_directory}}");
            try (ServerProcess consumer = ServerProcess.start("perdition-policy", List.of(
                    Path.of("bin/perdition-policy").toAbsolutePath().toString(),
                    "--policy.listen_port", String.valueOf(policyPort),
                    "--events.bridge_port", bridgePort,
                    "--state_directory", state),
                    work, Map.of("PERDITION_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC"), work.resolve("out"),
                    Duration.ofSeconds(90), policyPort)) {
                assertThat(ask(policyPort)).isEqualTo("action=DUNNO\n\n");
                // the first logins may come before the subscription exists; one after it must grant
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                String answer;
                do {
                    assertThat(EventLogins.login("pop3", proxy.port(), "carol", "carol-pw")).isTrue();
                    Thread.sleep(500);
                    answer = ask(policyPort);
                } while (!answer.equals("action=OK\n\n") && System.nanoTime() < end);
                assertThat(answer).as(consumer.output()).isEqualTo("action=OK\n\n");
                assertThat(Files.exists(Path.of(state, "perdition-policy/policy-grants"))).isTrue();
                assertThat(consumer.output()).doesNotContain("\tat ");
            }
        }
    }

    private static String ask(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("request=smtpd_access_policy\nclient_address=127.0.0.1\n\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[64];
            int n = 0;
            while (n < 2 || answer[n - 1] != '\n' || answer[n - 2] != '\n') {
                int read = s.getInputStream().read(answer, n, answer.length - n);
                if (read < 0) {
                    break;
                }
                n += read;
            }
            return new String(answer, 0, n, StandardCharsets.US_ASCII);
        }
    }
}
