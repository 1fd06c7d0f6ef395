package org.perditioncamel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.LookupResult;
import org.perditioncamel.popmap.ldap.LdapPopmap;
import org.perditioncamel.popmap.ldap.LdapSettings;
import org.perditioncamel.testing.RunningProxy;

/**
 * The LDAP popmap against a real OpenLDAP slapd, side by side with perdition 2.2 and its own LDAP map library
 * (Debian's perdition-ldap) given the same map_library_opt strings: each login name must go to the same server.
 * Also StartTLS and ldaps:// to slapd, and the lookup latency.
 */
class LdapPopmapIT {
    private static final String OUR_LIBRARY = "/usr/lib/x86_64-linux-gnu/libperditiondb_ldap.so.0";
    private static final String PERDITION_LIBRARY = "libperditiondb_ldap.so.0";
    /** Servers the directory names that nobody listens on: a login there fails at once, and the log shows where. */
    private static final int[] CLOSED = LocalPorts.free(2);
    private static final int FALLBACK = CLOSED[1];
    private static final Pattern AUTH_SERVER = Pattern.compile("Auth: .* authentication_id=\"(.*)\" server=\"([^\"]*)\"");

    @RegisterExtension
    @Order(1)
    static final DovecotServer DOVECOT = new DovecotServer();

    @RegisterExtension
    @Order(2)
    static final SlapdServer SLAPD = new SlapdServer(LdapPopmapIT::directory);

    /** perdition's default layout, no version prefix (perdition: LDAPv2, ours: v3), anonymous. */
    private static final String DEFAULT_LAYOUT = "ldap://127.0.0.1:" + SLAPD.port()
            + "/ou=mailbox,dc=nodomain?username,mailhost,port?one?(uid=%s)";
    /** Version 3, a first host that refuses, the key in the base DN, a simple bind. */
    private static final String BASE_DN_KEY = "3:ldap://127.0.0.2 127.0.0.1:" + SLAPD.port()
            + "/uid=%s,ou=mailbox,dc=nodomain?username,mailhost,port?base??bindname=" + SlapdServer.ROOT_DN.replace(",", "%2c")
            + ",x-bindpw=" + SlapdServer.ROOT_PASSWORD.replace(" ", "%20");

    @RegisterExtension
    @Order(3)
    static final PerditionReference PERDITION_DEFAULT = PerditionReference.of("perdition.pop3", () -> FALLBACK,
            "-M", PERDITION_LIBRARY, "-m", DEFAULT_LAYOUT);

    @RegisterExtension
    @Order(4)
    static final PerditionReference PERDITION_BASE_DN = PerditionReference.of("perdition.pop3", () -> FALLBACK,
            "-M", PERDITION_LIBRARY, "-m", BASE_DN_KEY);

    private static final List<RunningProxy> PROXIES = new ArrayList<>();
    private static final Map<RunningProxy, Path> LOGS = new HashMap<>();

    static String directory() {
        String closed = Integer.toString(CLOSED[0]);
        return SlapdServer.entry("dc=nodomain", "objectClass: dcObject", "objectClass: organization", "o: nodomain",
                "dc: nodomain")
                + SlapdServer.entry("ou=mailbox,dc=nodomain", "objectClass: organizationalUnit", "ou: mailbox")
                + SlapdServer.entry("uid=alice,ou=mailbox,dc=nodomain", "objectClass: perditionPopmap", "uid: alice",
                        "username: alice", "mailhost: 127.0.0.1", "port: " + DOVECOT.pop3Port())
                + SlapdServer.entry("uid=bob,ou=mailbox,dc=nodomain", "objectClass: perditionPopmap", "uid: bob",
                        "username: bob@127.0.0.1:" + closed)
                + SlapdServer.entry("uid=carol,ou=mailbox,dc=nodomain", "objectClass: perditionPopmap", "uid: carol",
                        "mailhost: 127.0.0.1", "port: " + closed)
                + SlapdServer.entry("uid=dave,ou=mailbox,dc=nodomain", "objectClass: perditionPopmap", "uid: dave")
                + SlapdServer.entry("cn=twin-1,ou=mailbox,dc=nodomain", "objectClass: perditionPopmap",
                        "objectClass: extensibleObject", "cn: twin-1", "uid: twin", "mailhost: 127.0.0.1",
                        "port: " + closed)
                + SlapdServer.entry("cn=twin-2,ou=mailbox,dc=nodomain", "objectClass: perditionPopmap",
                        "objectClass: extensibleObject", "cn: twin-2", "uid: twin", "mailhost: 127.0.0.2",
                        "port: " + closed);
    }

    @BeforeAll
    static void noProxiesYet() {
        PROXIES.clear();
    }

    @AfterAll
    static void stopProxies() {
        PROXIES.forEach(RunningProxy::close);
    }

    @Test
    void perditionsDefaultLayoutShouldSendEveryNameWherePerditionSendsIt() throws Exception {
        RunningProxy ours = proxy(DEFAULT_LAYOUT);
        for (String user : List.of("alice", "bob", "carol", "dave", "nobody", "*)(uid=*")) {
            String reply = login(ours.port(), user);
            String perditionReply = login(PERDITION_DEFAULT.port(), user);
            assertThat(server(() -> log(ours), user)).as("%s: our server, perdition's log:%n%s", user,
                    PERDITION_DEFAULT.log()).isEqualTo(server(PERDITION_DEFAULT::log, user));
            assertThat(reply.startsWith("+OK")).as(user + ": " + reply).isEqualTo(perditionReply.startsWith("+OK"));
        }
        assertThat(server(() -> log(ours), "alice")).isEqualTo("127.0.0.1:" + DOVECOT.pop3Port());
        assertThat(server(() -> log(ours), "bob")).isEqualTo("127.0.0.1:" + CLOSED[0]);
        assertThat(server(() -> log(ours), "*)(uid=*")).isEqualTo("127.0.0.1:" + FALLBACK);
    }

    /**
     * Where perdition 2.2 goes wrong: "*" is pasted into the filter unescaped and matches every entry, and several
     * entries make its child crash (it prints the scope, an int, with %s). Ours escapes the key, and takes the first of
     * several entries with a WARNING.
     */
    @Test
    void aWildcardNameShouldFindNothingAndSeveralEntriesShouldGiveTheFirst() throws Exception {
        RunningProxy ours = proxy(DEFAULT_LAYOUT);
        login(ours.port(), "*");
        login(ours.port(), "twin");
        assertThat(server(() -> log(ours), "*")).isEqualTo("127.0.0.1:" + FALLBACK);
        assertThat(server(() -> log(ours), "twin")).isEqualTo("127.0.0.1:" + CLOSED[0]);
    }

    @Test
    void keyInTheBaseDnWithTwoHostsAndABindShouldAnswerAsPerditionDoes() throws Exception {
        RunningProxy ours = proxy(BASE_DN_KEY);
        for (String user : List.of("alice", "carol", "nobody")) {
            login(ours.port(), user);
            login(PERDITION_BASE_DN.port(), user);
            assertThat(server(() -> log(ours), user)).as("%s: perdition's log:%n%s", user, PERDITION_BASE_DN.log())
                    .isEqualTo(server(PERDITION_BASE_DN::log, user));
        }
        assertThat(server(() -> log(ours), "alice")).isEqualTo("127.0.0.1:" + DOVECOT.pop3Port());
    }

    /** An empty name in the base DN (uid=,ou=...) is no DN slapd takes: that key's failure, not the directory's. */
    @Test
    void anEmptyKeyInTheBaseDnShouldNotBeTheDirectorysFailure() {
        try (LdapPopmap popmap = popmap("ldap://127.0.0.1:" + SLAPD.port()
                + "/uid=%s,ou=mailbox,dc=nodomain?username,mailhost,port?base")) {
            LookupResult empty = popmap.lookup("");
            assertThat(empty).satisfiesAnyOf(
                    answer -> assertThat(answer).isEqualTo(new LookupResult.NotFound()),
                    answer -> assertThat(answer).isInstanceOfSatisfying(LookupResult.Failed.class,
                            failed -> assertThat(failed.sourceFault()).isFalse()));
            assertThat(popmap.lookup("alice")).isInstanceOf(LookupResult.Found.class);
        }
    }

    @Test
    void startTlsAndLdapsShouldReachSlapdWithItsCa() {
        String layout = "/ou=mailbox,dc=nodomain?username,mailhost,port?one?(uid=%s)";
        try (LdapPopmap startTls = popmap("ldap://localhost:" + SLAPD.port() + layout, "popmap.ldap.starttls", "true",
                "popmap.ldap.ca_file", SLAPD.caFile().toString());
             LdapPopmap ldaps = popmap("ldaps://127.0.0.1:" + SLAPD.ldapsPort() + layout,
                     "popmap.ldap.ca_file", SLAPD.caFile().toString());
             LdapPopmap untrusted = popmap("ldap://127.0.0.1:" + SLAPD.port() + layout, "popmap.ldap.starttls", "true")) {
            LookupResult alice = new LookupResult.Found("alice@127.0.0.1:" + DOVECOT.pop3Port());
            assertThat(startTls.lookup("alice")).isEqualTo(alice);
            assertThat(ldaps.lookup("alice")).isEqualTo(alice);
            assertThat(untrusted.lookup("alice")).as("the JVM does not trust the test CA").isInstanceOf(LookupResult.Failed.class);
        }
    }

    /** Straight through the pool, and through route popmap-ldap-guard of a running proxy (its pool and breaker included). */
    @Test
    void lookupLatencyShouldBeSmall() throws Exception {
        try (LdapPopmap popmap = popmap(DEFAULT_LAYOUT)) {
            report("LdapPopmap.lookup", latencies(popmap::lookup));
        }
        org.apache.camel.ProducerTemplate route = proxy(DEFAULT_LAYOUT).main().getCamelContext().createProducerTemplate();
        report("route popmap-ldap-guard", latencies(key -> route.send("direct:popmap-ldap-guard",
                e -> e.setVariable("queryKey", key)).getVariable("popmapAnswer", LookupResult.class)));
    }

    private static List<Long> latencies(java.util.function.Function<String, LookupResult> lookup) {
        for (int i = 0; i < 50; i++) {
            lookup.apply("alice");
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long start = System.nanoTime();
            LookupResult answer = lookup.apply(i % 2 == 0 ? "alice" : "nobody");
            micros.add((System.nanoTime() - start) / 1000);
            assertThat(answer).isInstanceOf(i % 2 == 0 ? LookupResult.Found.class : LookupResult.NotFound.class);
        }
        Collections.sort(micros);
        return micros;
    }

    private static void report(String what, List<Long> sortedMicros) {
        long p50 = sortedMicros.get(sortedMicros.size() / 2);
        long p99 = sortedMicros.get(sortedMicros.size() * 99 / 100);
        System.out.printf("%s against slapd, 500 lookups: p50 %d us, p99 %d us%n", what, p50, p99);
        assertThat(p50).as(what).isLessThan(50_000);
    }

    private static LdapPopmap popmap(String mapLibraryOpt, String... more) {
        Map<String, String> values = new HashMap<>(Map.of("map_library_opt", mapLibraryOpt));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        Settings settings = Settings.of(values);
        return new LdapPopmap(LdapSettings.from(settings, settings.nonEmpty("map_library_opt")), "@");
    }

    private static RunningProxy proxy(String mapLibraryOpt) throws Exception {
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target").toAbsolutePath()), "perdition-ldap-", ".log");
        RunningProxy proxy = RunningProxy.start(Map.of("map_library", OUR_LIBRARY, "map_library_opt", mapLibraryOpt,
                "outgoing_server", "127.0.0.1:" + FALLBACK, "log_facility", log.toString()));
        PROXIES.add(proxy);
        LOGS.put(proxy, log);
        return proxy;
    }

    private static String log(RunningProxy proxy) {
        try {
            return Files.readString(LOGS.get(proxy), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** USER, PASS, the answer to PASS; then the session ends. */
    private static String login(int port, String user) throws IOException {
        try (Socket socket = new Socket(LocalPorts.HOST, port)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            out.write(("USER " + user + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            in.readLine();
            out.write("PASS secret\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String reply = in.readLine();
            out.write("QUIT\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return reply == null ? "" : reply;
        }
    }

    /** The server of the user's Auth: line, waiting a little for the log to be written. */
    private static String server(Supplier<String> log, String user) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        String text;
        do {
            text = log.get();
            Matcher m = AUTH_SERVER.matcher(text);
            while (m.find()) {
                if (m.group(1).equals(user)) {
                    return m.group(2);
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        throw new AssertionError("no Auth: line for " + user + " in:\n" + text);
    }
}
