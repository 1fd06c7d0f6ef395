package org.perditioncamel.popmap.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perditioncamel.it.PerditionReference;
import org.perditioncamel.popmap.LookupResult;
import org.perditioncamel.popmap.OutgoingServer;
import org.perditioncamel.popmap.UserServerPort;
import org.perditioncamel.testing.FreePorts;

/**
 * The same perdition map_library and map_library_opt, the same table: perdition 2.2 with its own map library
 * (Debian perdition-mysql / perdition-postgresql) and our route popmap-sql must send each user to the same server.
 * perdition's choice is read from its Auth log line (server="…"), ours is the route's answer as ServerSelection
 * reads it; backends are closed loopback ports, so no login succeeds and nothing but the choice matters.
 */
abstract class SqlPopmapInterop {
    private static final Pattern AUTH_LINE =
            Pattern.compile("Auth: .* authentication_id=\"(.*)\" server=\"([^\"]*)\" protocol=POP3");
    static final String INJECTION_OR = "x'OR'1'='1";
    static final String INJECTION_COMMENT = "alice'--";

    final int[] backends = FreePorts.some(3);
    final int fallback = FreePorts.one();
    RealDatabase database;
    private SqlSourceRoute route;
    private PerditionReference perdition;

    abstract RealDatabase newDatabase();

    /** Keys whose answer perdition 2.2 gets wrong by design of its library, with what it answers instead. */
    abstract Set<String> perditionInjectable();

    @AfterEach
    void cleanUp() throws Exception {
        if (route != null) {
            route.close();
        }
        if (perdition != null) {
            perdition.close();
        }
        if (database != null) {
            database.close();
        }
    }

    List<String[]> rows() {
        return List.of(
                new String[] {"alice", "127.0.0.1", Integer.toString(backends[0])},
                new String[] {"bob", "bobby@127.0.0.1", ""},
                new String[] {"carol", "127.0.0.1:" + backends[2], null},
                new String[] {"Dave", "127.0.0.1", Integer.toString(backends[1])},
                new String[] {"nullserver", null, Integer.toString(backends[1])},
                new String[] {"emptyserver", "", ""});
    }

    static final List<String> KEYS = List.of("alice", "bob", "carol", "Dave", "DAVE", "nullserver", "emptyserver",
            "nobody", INJECTION_OR, INJECTION_COMMENT);

    SqlSourceRoute route(String opt, String... more) throws Exception {
        route = SqlSourceRoute.start(database.library(), opt, more);
        return route;
    }

    @Test
    void perditionAndWeShouldPickTheSameServerFromTheSameOptionString() throws Exception {
        database = newDatabase().create(rows());
        // Two hosts: the first refuses (nothing listens on 127.0.0.2), so both must go on to the second.
        String opt = database.opt("127.0.0.2,127.0.0.1");
        perdition = PerditionReference.of("perdition.pop3", () -> fallback, "-M", database.library(), "-m", opt)
                .start();
        route(opt);

        Map<String, String> theirs = perditionChoices(KEYS);
        Map<String, String> ours = new TreeMap<>();
        for (String key : KEYS) {
            ours.put(key, ourChoice(route.lookup(key)));
        }

        Map<String, String> theirsWithoutInjection = new TreeMap<>(theirs);
        for (String key : perditionInjectable()) {
            // perdition splices the name into its SQL: the injection finds a row. Ours finds nothing.
            assertThat(theirs.get(key)).as("perdition 2.2 with %s", key).isNotEqualTo(fallbackServer());
            theirsWithoutInjection.put(key, fallbackServer());
        }
        assertThat(ours).as("perdition 2.2: %s", theirs).isEqualTo(theirsWithoutInjection);
        assertThat(ours.get("alice")).isEqualTo("127.0.0.1:" + backends[0]);
        assertThat(ours.get(INJECTION_OR)).isEqualTo(fallbackServer());
        assertThat(ours.get(INJECTION_COMMENT)).isEqualTo(fallbackServer());
    }

    @Test
    void injectionInTheUserNameShouldFindNothing() throws Exception {
        database = newDatabase().create(rows());
        route(database.opt("127.0.0.1"));

        for (String attack : List.of(INJECTION_OR, INJECTION_COMMENT, "x' OR '1'='1", "x\\' OR 1=1 -- ",
                "x'; DROP TABLE tblPerdition; --", "x' UNION SELECT 'evil.example.com', '25")) {
            assertThat(route.lookup(attack)).as(attack).isEqualTo(new LookupResult.NotFound());
        }
        assertThat(route.lookup("alice")).isEqualTo(new LookupResult.Found("127.0.0.1:" + backends[0]));
    }

    private String fallbackServer() {
        return "127.0.0.1:" + fallback;
    }

    /** The server ServerSelection would log for our answer: host:port, the service name without a port. */
    private String ourChoice(LookupResult answer) {
        if (!(answer instanceof LookupResult.Found)) {
            return fallbackServer();
        }
        String value = ((LookupResult.Found) answer).value();
        if (value.isEmpty()) {
            return fallbackServer();
        }
        OutgoingServer server = UserServerPort.parse(value, "@").server().orElse(null);
        if (server == null) {
            return fallbackServer();
        }
        return server.forLog("pop3");
    }

    /** Logs in to perdition once per key, all at once (each failure costs perdition's 3 s error delay). */
    private Map<String, String> perditionChoices(List<String> keys) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(keys.size());
        try {
            List<Future<?>> logins = new ArrayList<>();
            for (String key : keys) {
                logins.add(clients.submit(() -> login(key)));
            }
            for (Future<?> login : logins) {
                login.get();
            }
        } finally {
            clients.shutdownNow();
        }
        Map<String, String> choices = new TreeMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            choices.clear();
            Matcher m = AUTH_LINE.matcher(perdition.log());
            while (m.find()) {
                choices.put(m.group(1), m.group(2));
            }
            return choices.keySet().containsAll(keys);
        });
        return choices;
    }

    /**
     * The database goes away in the middle of a run (listener gone, pooled connections reset) and comes back: while
     * it is away every lookup fails (the login route turns that into a temporary failure), and once it is back the
     * same route answers again, without a restart.
     */
    @Test
    void aDatabaseThatGoesAwayAndComesBackShouldBeUsedAgainWithoutARestart() throws Exception {
        database = newDatabase().create(rows());
        try (Outage outage = new Outage(database.port())) {
            route(database.opt("127.0.0.1").replace(":" + database.port() + ":", ":" + outage.port() + ":"),
                    "popmap.sql.connect_timeout", "2", "popmap.sql.query_timeout", "2");
            assertThat(route.lookup("alice")).isEqualTo(new LookupResult.Found("127.0.0.1:" + backends[0]));

            outage.cut();
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThat(route.lookup("alice")).as("lookup %d while the database is away", i)
                        .isInstanceOf(LookupResult.Failed.class);
                assertThat(System.nanoTime() - start).as("bounded by connect_timeout").isLessThan(10_000_000_000L);
            }

            outage.restore();
            awaitFound("alice");
            assertThat(route.lookup("carol")).isEqualTo(new LookupResult.Found("127.0.0.1:" + backends[2]));
        }
    }

    private void awaitFound(String key) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        LookupResult last = null;
        while (System.currentTimeMillis() < end) {
            last = route.lookup(key);
            if (last instanceof LookupResult.Found) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer within 30 s of the database coming back; last: " + last);
    }

    private Void login(String key) throws Exception {
        try (Socket socket = new Socket(perdition.host(), perdition.port())) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            out.write(("USER " + key + "\r\nPASS secret\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            in.readLine();
            in.readLine();
            out.write("QUIT\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        return null;
    }
}
