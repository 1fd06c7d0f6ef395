package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.testing.RunningProxy;

/**
 * The same map_library and map_library_opt drive perdition 2.2's posix_regex library and ours to the same servers:
 * both log the server each user was sent to in the Auth line, so the lines are compared user by user. The backend
 * port is closed; only the choice of server matters.
 */
class PerditionReferencePopmapIT {
    private static final String POSIX_REGEX = "/usr/lib/x86_64-linux-gnu/libperditiondb_posix_regex.so.0";
    private static final Pattern AUTH = Pattern.compile("authentication_id=\"([^\"]*)\" server=\"([^\"]*)\"");

    /** Rules in perdition's popmap.re grammar: doubled backslashes, an optional colon, the first match wins. */
    private static final String RULES = String.join("\n",
            "# users of the east side",
            "^([^@]*)@east\\\\.example$:  $1@127.0.0.1:1143",
            "flim: 127.0.0.1",
            "(.)@(.*): $2",
            "(a|ab)(c|bcd)(d*): <$1|$2|$3>",
            "(wee|week)(knights|night): $2-$1",
            "[[:digit:]]+x  num$0",
            "'^q\\.r$' quoted",
            "^z*: zz",
            "");
    private static final List<String> USERS = List.of("alice@east.example", "itsflimless", "user@dom.ain", "flim@x",
            "xabcd", "weeknights", "ab12x", "q.r", "qxr", "carol");

    @TempDir
    static Path dir;

    static Path rules;
    static int closedPort;

    @BeforeAll
    static void writeRules() throws Exception {
        rules = dir.resolve("popmap.re");
        Files.writeString(rules, RULES);
        closedPort = RunningProxy.freePort();
    }

    static PerditionReference perdition;

    @AfterAll
    static void stop() {
        if (perdition != null) {
            perdition.close();
        }
    }

    @Test
    void posixRegexMapShouldSendEveryUserWherePerditionSendsThem() throws Exception {
        perdition = PerditionReference.of("perdition.pop3", () -> closedPort, "-M", POSIX_REGEX,
                "-m", rules.toString()).start();
        Path ourLog = dir.resolve("ours.log");
        Map<String, String> theirs;
        Map<String, String> ours;
        try (RunningProxy proxy = RunningProxy.start(Map.of("map_library", POSIX_REGEX,
                "map_library_opt", rules.toString(), "popmap.regex.keep_prefix", "true",
                "outgoing_server", "127.0.0.1:" + closedPort, "log_facility", ourLog.toString(),
                "connect_timeout", "2"))) {
            loginAll(perdition.port());
            loginAll(proxy.port());
            theirs = awaitServers(() -> perdition.log());
            ours = awaitServers(() -> Files.readString(ourLog));
        }
        assertThat(ours).as("perdition 2.2 log:\n" + perdition.log()).isEqualTo(theirs);
        assertThat(theirs).containsEntry("itsflimless", "its127.0.0.1:pop3")
                .containsEntry("xabcd", "x<a|bcd|>:pop3")
                .containsEntry("flim@x", "127.0.0.1:pop3");
    }

    /** One failed login per user, side by side: perdition's 3-second error delay would add up otherwise. */
    private static void loginAll(int port) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(USERS.size());
        try {
            CompletableFuture.allOf(USERS.stream().map(user -> CompletableFuture.runAsync(() -> login(port, user), pool))
                    .toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void login(int port, String user) {
        try (Socket s = new Socket(LocalPorts.HOST, port)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            in.readLine();
            out.write(("USER " + user + "\r\n").getBytes(StandardCharsets.UTF_8));
            in.readLine();
            out.write("PASS secret\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("-ERR");
        } catch (Exception e) {
            throw new AssertionError("login of " + user + " on port " + port + " failed: " + e, e);
        }
    }

    interface LogText {
        String read() throws Exception;
    }

    private static Map<String, String> awaitServers(LogText log) {
        Map<String, String> servers = new LinkedHashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            servers.clear();
            Matcher m = AUTH.matcher(log.read());
            while (m.find()) {
                servers.put(m.group(1), m.group(2));
            }
            assertThat(servers.keySet()).containsExactlyInAnyOrderElementsOf(USERS);
        });
        return servers;
    }
}
