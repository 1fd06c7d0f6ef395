package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.FreePorts;

/**
 * README's first command, bin/perdition-demo, as a newcomer runs it: POP3, IMAP4 and ManageSieve through the proxy
 * to the demo's in-process servers, with curl and sieve-connect.
 */
class DemoIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static int[] ports;
    private static Path work;
    private static ServerProcess demo;

    @BeforeAll
    static void startDemo() throws Exception {
        ports = FreePorts.some(3);
        work = Files.createTempDirectory("demo-it-");
        demo = ServerProcess.start("perdition-demo", List.of(PROJECT.resolve("bin/perdition-demo").toString()), work,
                Map.of("PERDITION_JAVA_OPTS", "-Xmx256m -Ddemo.listen_ports=" + ports[0] + "," + ports[1] + "," + ports[2]
                        + " -Dstate_directory=" + work.resolve("state")),
                work.resolve("demo.out"), Duration.ofSeconds(90), ports);
    }

    @AfterAll
    static void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void curlShouldFetchTheWelcomeMessageOverPop3() {
        RealClients.Result r = RealClients.curlPop3("127.0.0.1", ports[0], "demo", "demo", 1);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("Subject: Welcome to perdition-camel");
    }

    @Test
    void curlShouldFetchTheWelcomeMessageOverImap() {
        RealClients.Result r = RealClients.run(List.of("curl", "-sS", "--max-time", "30",
                "imap://demo:demo@127.0.0.1:" + ports[1] + "/INBOX;UID=1"), RealClients.TIMEOUT, null);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("This message came from the demo backend through the proxy.");
    }

    @Test
    void sieveConnectShouldUploadListAndDownloadAScript() throws Exception {
        Path script = work.resolve("vacation.sieve");
        Files.writeString(script, "require \"fileinto\";\r\nif header :contains \"subject\" \"demo\" { fileinto \"Demo\"; }\r\n");
        Path back = work.resolve("back.sieve");
        assertThat(sieveConnect("--upload", "--localsieve", script.toString(), "--remotesieve", "vacation").exitCode())
                .isZero();
        RealClients.Result list = sieveConnect("--list");
        assertThat(list.exitCode()).as(list.describe()).isZero();
        assertThat(list.stdoutText()).contains("\"vacation\"");
        RealClients.Result download = sieveConnect("--download", "--remotesieve", "vacation", "--localsieve", back.toString());
        assertThat(download.exitCode()).as(download.describe()).isZero();
        assertThat(Files.readString(back)).isEqualTo(Files.readString(script));
    }

    @Test
    void aWrongPasswordShouldBeRefusedByTheDemoBackend() {
        RealClients.Result r = RealClients.curlPop3("127.0.0.1", ports[0], "demo", "wrong", 1);
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
    }

    /** sieve-connect reads the password from a file descriptor; fd 3 is the password file here. */
    private static RealClients.Result sieveConnect(String... action) throws Exception {
        Path password = work.resolve("password");
        Files.writeString(password, "demo\n");
        return RealClients.run(List.of("bash", "-c", "exec 3<\"$0\"; exec sieve-connect --server 127.0.0.1 --port "
                + ports[2] + " --user demo --passwordfd 3 --authmech PLAIN --clearchan " + String.join(" ", action),
                password.toString()), RealClients.TIMEOUT, null);
    }
}
