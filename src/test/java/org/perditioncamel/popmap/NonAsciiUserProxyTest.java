package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.FreePorts;
import org.perditioncamel.testing.LineClient;
import org.perditioncamel.testing.RunningProxy;

/**
 * A POP3 user name in UTF-8 (its octets, as the client sent them): the flat-file popmap, written in UTF-8 as operators
 * write it, finds it as perdition's byte comparison does, and the Auth line names it as text.
 */
class NonAsciiUserProxyTest {
    @TempDir
    Path dir;

    @Test
    void aLatin1NameShouldFindItsEntryInALatin1Popmap() throws Exception {
        int mapped = FreePorts.one();
        Path popmap = dir.resolve("popmap");
        Files.write(popmap, ("jürgen:127.0.0.1:" + mapped + "\n").getBytes(StandardCharsets.ISO_8859_1));
        Path log = dir.resolve("perdition.log");
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:" + FreePorts.one(),
                "popmap.source", "flatfile", "popmap.flatfile.file", popmap.toString(), "log_facility", log.toString()));
             LineClient c = new LineClient("127.0.0.1", proxy.port())) {
            c.readLine();
            c.sendRaw("USER jürgen\r\n".getBytes(StandardCharsets.ISO_8859_1)).readLine();
            assertThat(c.send("PASS pw").readLine()).startsWith("-ERR");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("Auth:"));
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("server=\"127.0.0.1:" + mapped + "\"");
        }
    }

    @Test
    void aUtf8NameShouldFindItsPopmapEntryAndBeLoggedAsText() throws Exception {
        int mapped = FreePorts.one();
        Path popmap = dir.resolve("popmap");
        Files.writeString(popmap, "jürgen:127.0.0.1:" + mapped + "\n", StandardCharsets.UTF_8);
        Path log = dir.resolve("perdition.log");
        try (RunningProxy proxy = RunningProxy.start(Map.of("outgoing_server", "127.0.0.1:" + FreePorts.one(),
                "popmap.source", "flatfile", "popmap.flatfile.file", popmap.toString(), "log_facility", log.toString()));
             LineClient c = new LineClient("127.0.0.1", proxy.port())) {
            c.readLine();
            c.sendRaw("USER jürgen\r\n".getBytes(StandardCharsets.UTF_8)).readLine();
            // nobody listens on either port: the Auth line says which one the popmap chose
            assertThat(c.send("PASS pw").readLine()).startsWith("-ERR");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("Auth:"));
            assertThat(Files.readString(log, StandardCharsets.UTF_8))
                    .contains("authentication_id=\"jürgen\" server=\"127.0.0.1:" + mapped + "\"");
        }
    }
}
