package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.perditioncamel.testing.RunningProxy;

/**
 * The same map_library and map_library_opt drive perdition 2.2's map libraries and ours to the same servers:
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
        Map<String, String> theirs = perditionServers(USERS, "-M", POSIX_REGEX, "-m", rules.toString());
        Map<String, String> ours = ourServers(USERS, Map.of("map_library", POSIX_REGEX,
                "map_library_opt", rules.toString(), "popmap.regex.keep_prefix", "true"));
        assertThat(ours).isEqualTo(theirs);
        assertThat(theirs).containsEntry("itsflimless", "its127.0.0.1:pop3")
                .containsEntry("xabcd", "x<a|bcd|>:pop3")
                .containsEntry("flim@x", "127.0.0.1:pop3");
    }

    /**
     * gdbm and bdb users keep their map_library and map_library_opt: perdition reads the map makegdbm/makebdb built
     * from the popmap text file, we read that text file, and users go to the same servers, query_key included.
     */
    @ParameterizedTest
    @CsvSource({"gdbm,makegdbm,popmap.gdbm.db", "bdb,makebdb,popmap.bdb.db"})
    void dbmMapShouldSendEveryUserWherePerditionSendsThem(String kind, String maker, String mapName) throws Exception {
        // perdition opens a dbm map at each lookup, after it has become nobody: the map must be world-readable
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mapDir = Files.createDirectories(dir.resolve(kind),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path text = mapDir.resolve("popmap");
        Files.writeString(text, String.join("\n", "alice:127.0.0.1:1143", "carol:carol2@127.0.0.2",
                "#comment:127.0.0.3", "bob@example.org:127.0.0.4:pop3s", ""));
        Path map = mapDir.resolve(mapName);
        Process make = new ProcessBuilder(maker, map.toString()).redirectInput(text.toFile())
                .redirectErrorStream(true).start();
        assertThat(make.waitFor()).as(maker + ": " + new String(make.getInputStream().readAllBytes())).isZero();
        Files.setPosixFilePermissions(map, PosixFilePermissions.fromString("rw-r--r--"));
        String library = "/usr/lib/x86_64-linux-gnu/libperditiondb_" + kind + ".so.0";
        List<String> users = List.of("alice", "carol@example.org", "#comment", "bob@example.org", "dave");

        Map<String, String> theirs = perditionServers(users, "-M", library, "-m", map.toString(),
                "--query_key", "\\U,\\u");
        Map<String, String> ours = ourServers(users, Map.of("map_library", library, "map_library_opt", map.toString(),
                "query_key", "\\U,\\u"));
        assertThat(ours).isEqualTo(theirs);
        assertThat(theirs).containsEntry("carol@example.org", "127.0.0.2:pop3")
                .containsEntry("dave", "127.0.0.1:" + closedPort);
    }

    private static Map<String, String> perditionServers(List<String> users, String... args) throws Exception {
        perdition = PerditionReference.of("perdition.pop3", () -> closedPort, args).start();
        try {
            loginAll(perdition.port(), users);
            return awaitServers(users, () -> perdition.log());
        } finally {
            perdition.close();
            perdition = null;
        }
    }

    private static Map<String, String> ourServers(List<String> users, Map<String, String> options) throws Exception {
        Path ourLog = Files.createTempFile(dir, "ours", ".log");
        Map<String, String> all = new java.util.HashMap<>(options);
        all.put("outgoing_server", "127.0.0.1:" + closedPort);
        all.put("log_facility", ourLog.toString());
        all.put("connect_timeout", "2");
        try (RunningProxy proxy = RunningProxy.start(all)) {
            loginAll(proxy.port(), users);
            return awaitServers(users, () -> Files.readString(ourLog));
        }
    }

    /** One failed login per user, side by side: perdition's 3-second error delay would add up otherwise. */
    private static void loginAll(int port, List<String> users) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        try {
            CompletableFuture.allOf(users.stream().map(user -> CompletableFuture.runAsync(() -> login(port, user), pool))
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

    private static Map<String, String> awaitServers(List<String> users, LogText log) {
        Map<String, String> servers = new LinkedHashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            servers.clear();
            Matcher m = AUTH.matcher(log.read());
            while (m.find()) {
                servers.put(m.group(1), m.group(2));
            }
            assertThat(servers.keySet()).containsExactlyInAnyOrderElementsOf(users);
        });
        return servers;
    }
}
