package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

class PopmapRouteTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 110);

    @TempDir
    Path dir;

    private CamelContext context;
    private final List<String> keysTried = new CopyOnWriteArrayList<>();
    private final Map<String, LookupResult> answers = new ConcurrentHashMap<>();
    private final List<String> sourceThreads = new CopyOnWriteArrayList<>();
    private final List<Path> extraRoutes = new ArrayList<>();
    /** Keys starting "slow" wait for this (3 s at most) in the test source. */
    private final CountDownLatch slowRelease = new CountDownLatch(1);

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void lookupShouldUseFirstQueryKeyThatIsFound() throws Exception {
        Path popmap = popmap("alice:10.0.0.1:1110\n");
        start(Map.of("map_library", "flatfile", "map_library_opt", popmap.toString(), "query_key", "\\U,never"));

        Destination destination = lookup(session(), Credentials.of("alice", "secret"));

        assertThat(destination.server()).contains(new OutgoingServer("10.0.0.1", 1110));
        assertThat(destination.serverForLog()).isEqualTo("10.0.0.1:1110");
        assertThat(destination.remoteUser()).isEqualTo("alice");
        assertThat(destination.logUser()).isEqualTo("alice");
        assertThat(keysTried).containsExactly("alice");
    }

    /** An in-memory source answers on the thread that asks (the client's event loop), with no hop to a pool. */
    @Test
    void inMemorySourceShouldAnswerOnTheCallersThreadAndAnOperatorsSourceOnItsPool() throws Exception {
        Path popmap = popmap("alice:10.0.0.1:1110\n");
        start(Map.of("popmap.source", "flatfile,test", "popmap.flatfile.file", popmap.toString()));

        lookup(session(), Credentials.of("bob", "secret"));

        assertThat(sourceThreads).hasSize(2);
        assertThat(sourceThreads.get(0)).as("flatfile: no pool").isEqualTo(Thread.currentThread().getName());
        assertThat(sourceThreads.get(1)).as("an operator's route may block: its pool").endsWith("popmap-test");
    }

    /** regex answers from memory, but a backtracking rule may spend its whole budget: never on the event loop. */
    @Test
    void regexSourceShouldAnswerOnItsPoolNotOnTheCallersThread() throws Exception {
        Path rules = dir.resolve("popmap.re");
        Files.writeString(rules, "^alice$ 10.0.0.6\n");
        start(Map.of("popmap.source", "regex", "popmap.regex.file", rules.toString()));

        assertThat(lookup(session(), Credentials.of("alice", "a")).server()).contains(new OutgoingServer("10.0.0.6", 110));

        assertThat(sourceThreads).singleElement().asString().isNotEqualTo(Thread.currentThread().getName())
                .endsWith("popmap-regex");
    }

    @Test
    void lookupShouldUseSecondQueryKeyWhenFirstIsNotFound() throws Exception {
        Path popmap = popmap("byip-127.0.0.1:10.0.0.2\n");
        start(Map.of("map_library", "flatfile", "map_library_opt", popmap.toString(),
                "query_key", "nomatch-\\u,byip-\\i,never-\\U"));

        Destination destination = lookup(session(), Credentials.of("carol", "cpw"));

        assertThat(keysTried).containsExactly("nomatch-carol", "byip-127.0.0.1");
        assertThat(destination.server()).contains(new OutgoingServer("10.0.0.2", 110));
        assertThat(destination.serverForLog()).isEqualTo("10.0.0.2:pop3");
    }

    /** The last format keeps its escape too: Camel's placeholder parser used to drop the last backslash of a value. */
    @Test
    void lookupShouldExpandTheLastQueryKeyWithItsEscape() throws Exception {
        Path popmap = popmap("carol:10.0.0.3\n");
        start(Map.of("map_library", "flatfile", "map_library_opt", popmap.toString(), "query_key", "nomatch-\\u,\\u"));

        Destination destination = lookup(session(), Credentials.of("carol@example.org", "cpw"));

        assertThat(keysTried).containsExactly("nomatch-carol", "carol");
        assertThat(destination.server()).contains(new OutgoingServer("10.0.0.3", 110));
    }

    @Test
    void lookupShouldNotTryNextKeyWhenSourceFailsAndFallBackWithOnFailureOutgoingServer() throws Exception {
        start(Map.of("popmap.source", "test", "popmap.test.on_failure", "outgoing_server",
                "query_key", "\\U,other-\\U", "outgoing_server", "backup.example:2110"));
        answers.put("alice", new LookupResult.Failed("database down"));

        Exchange result = lookupExchange(session(), Credentials.of("alice", "secret"));

        assertThat(keysTried).containsExactly("alice");
        assertThat(result.getVariable("popmapFailure")).isNull();
        assertThat(result.getVariable("destination", Destination.class).server())
                .contains(new OutgoingServer("backup.example", 2110));
    }

    @Test
    void lookupShouldGiveTemporaryFailureNotOutgoingServerWhenSourceFails() throws Exception {
        start(Map.of("popmap.source", "test", "query_key", "\\U,other-\\U", "outgoing_server", "backup.example"));
        answers.put("alice", new LookupResult.Failed("database down"));

        Exchange result = lookupExchange(session(), Credentials.of("alice", "secret"));

        assertThat(keysTried).containsExactly("alice");
        assertThat(sourceThreads).as("a source runs on its own pool").singleElement().asString().endsWith("popmap-test");
        assertThat(result.getVariable("popmapFailure")).isEqualTo("database down");
        assertThat(result.getVariable("destination", Destination.class).server()).isEmpty();
    }

    @Test
    void chainShouldAskTheSecondSourceWhenTheFirstMisses() throws Exception {
        Path popmap = popmap("bob:10.0.0.7:1110\n");
        Path rules = dir.resolve("popmap.re");
        Files.writeString(rules, "^alice$ 10.0.0.6\n");
        start(Map.of("popmap.source", "regex,flatfile", "popmap.regex.file", rules.toString(),
                "popmap.flatfile.file", popmap.toString(), "query_key", "\\U,other-\\U"));

        assertThat(lookup(session(), Credentials.of("alice", "a")).server()).contains(new OutgoingServer("10.0.0.6", 110));
        assertThat(keysTried).containsExactly("alice");
        keysTried.clear();
        assertThat(lookup(session(), Credentials.of("bob", "b")).server()).contains(new OutgoingServer("10.0.0.7", 1110));
        assertThat(keysTried).as("each key goes through the chain before the next key").containsExactly("bob", "bob");
        keysTried.clear();
        lookup(session(), Credentials.of("carol", "c"));
        assertThat(keysTried).containsExactly("carol", "carol", "other-carol", "other-carol");
    }

    @Test
    void aSourceGoingDownShouldGiveTemporaryFailuresAndRecoverWithoutRestart() throws Exception {
        start(Map.of("popmap.source", "test", "popmap.test.breaker_minimum_calls", "2",
                "popmap.test.breaker_failure_rate", "100", "popmap.test.breaker_window", "2", "popmap.test.breaker_open", "1", "outgoing_server", "fallback"));
        answers.put("alice", new LookupResult.Found("10.0.0.8"));
        assertThat(lookup(session(), Credentials.of("alice", "a")).server()).contains(new OutgoingServer("10.0.0.8", 110));

        answers.put("alice", new LookupResult.Failed("connection refused"));
        for (int i = 0; i < 2; i++) {
            Exchange down = lookupExchange(session(), Credentials.of("alice", "a"));
            assertThat(down.getVariable("popmapFailure")).isEqualTo("connection refused");
            assertThat(down.getVariable("destination", Destination.class).server()).isEmpty();
        }
        keysTried.clear();
        Exchange open = lookupExchange(session(), Credentials.of("alice", "a"));
        assertThat(keysTried).as("the open breaker does not ask the dead source").isEmpty();
        assertThat(open.getVariable("popmapFailure", String.class)).contains("circuit breaker open");

        answers.put("alice", new LookupResult.Found("10.0.0.9"));
        Thread.sleep(1_100);
        assertThat(lookup(session(), Credentials.of("alice", "a")).server()).contains(new OutgoingServer("10.0.0.9", 110));
        assertThat(lookup(session(), Credentials.of("alice", "a")).server()).contains(new OutgoingServer("10.0.0.9", 110));
    }

    /** Keys are the client's choice: failures of a key alone must not open the breaker for every other user. */
    @Test
    void failuresOfTheKeyAloneShouldNotOpenTheBreaker() throws Exception {
        start(Map.of("popmap.source", "test", "popmap.test.breaker_minimum_calls", "2",
                "popmap.test.breaker_failure_rate", "100", "popmap.test.breaker_window", "2", "popmap.test.breaker_open", "60",
                "outgoing_server", "fallback"));
        answers.put("alice", new LookupResult.Found("10.0.0.8"));
        answers.put("mallory", LookupResult.failedForKey("too costly for this key"));
        for (int i = 0; i < 5; i++) {
            Exchange refused = lookupExchange(session(), Credentials.of("mallory", "m"));
            assertThat(refused.getVariable("popmapFailure")).isEqualTo("too costly for this key");
            assertThat(refused.getVariable("destination", Destination.class).server()).isEmpty();
        }
        keysTried.clear();
        assertThat(lookup(session(), Credentials.of("alice", "a")).server()).contains(new OutgoingServer("10.0.0.8", 110));
        assertThat(keysTried).as("the breaker is closed: the source was asked").contains("alice");
    }

    /** A rule anchored at ^ and a key of thousands of characters: the regex gives up, for that key only. */
    @Test
    void aRegexTooCostlyForOneKeyShouldNotRefuseOtherUsers() throws Exception {
        Path rules = dir.resolve("popmap.re");
        Files.writeString(rules, "^(.*)@example\\.com: $1@10.0.0.6\n");
        start(Map.of("popmap.source", "regex", "popmap.regex.file", rules.toString(),
                "popmap.regex.breaker_minimum_calls", "2", "popmap.regex.breaker_failure_rate", "100",
                "popmap.regex.breaker_window", "2", "popmap.regex.breaker_open", "60"));
        String costly = "a@example.com" + "x".repeat(6000);
        for (int i = 0; i < 3; i++) {
            assertThat(lookupExchange(session(), Credentials.of(costly, "m")).getVariable("popmapFailure", String.class))
                    .contains("gave up");
        }
        assertThat(lookup(session(), Credentials.of("alice@example.com", "a")).server())
                .contains(new OutgoingServer("10.0.0.6", 110));
    }

    @Test
    void anExceptionInASourceShouldBeAFailure() throws Exception {
        start(Map.of("popmap.source", "test", "outgoing_server", "fallback"));
        Exchange result = lookupExchange(session(), Credentials.of("boom", "a"));
        assertThat(result.getVariable("popmapFailure")).isEqualTo("kaput");
        assertThat(result.getVariable("destination", Destination.class).server()).isEmpty();
    }

    @Test
    void cachedAnswersShouldBeGivenWithoutAskingTheSource() throws Exception {
        start(Map.of("popmap.source", "test", "popmap.test.cache_ttl", "60"));
        answers.put("alice", new LookupResult.Found("10.0.0.10"));
        lookup(session(), Credentials.of("alice", "a"));
        answers.put("alice", new LookupResult.Found("10.0.0.11"));

        assertThat(lookup(session(), Credentials.of("alice", "a")).server()).contains(new OutgoingServer("10.0.0.10", 110));
        assertThat(keysTried).containsExactly("alice");
    }

    /** The http: source of docs/examples, as an operator would add it: YAML only. */
    @Test
    void theDocumentedHttpSourceShouldAnswerFoundNotFoundAndFailed() throws Exception {
        com.sun.net.httpserver.HttpServer api = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/mailhost", exchange -> {
            String key = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            keysTried.add(key);
            int status = key.equals("alice") ? 200 : key.equals("broken") ? 500 : 404;
            byte[] body = (status == 200 ? "alice@10.0.0.12:1110\n" : "").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try {
            extraRoutes.add(Path.of("docs/examples/popmap-http.camel.yaml"));
            start(Map.of("popmap.source", "http", "popmap.http.url",
                    "http://127.0.0.1:" + api.getAddress().getPort() + "/mailhost", "query_key", "\\U,other-\\U"));

            assertThat(lookup(session(), Credentials.of("alice", "a")).server())
                    .contains(new OutgoingServer("10.0.0.12", 1110));
            keysTried.clear();
            assertThat(lookup(session(), Credentials.of("nobody", "a")).server()).isEmpty();
            assertThat(keysTried).containsExactly("nobody", "other-nobody");
            assertThat(lookupExchange(session(), Credentials.of("broken", "a")).getVariable("popmapFailure"))
                    .isEqualTo("provisioning API answered 500");
        } finally {
            api.stop(0);
        }
        assertThat(lookupExchange(session(), Credentials.of("alice", "a")).getVariable("popmapFailure", String.class))
                .startsWith("provisioning API unreachable: ");
    }

    @Test
    void startShouldFailWhenTheFlatFileIsMissing() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(Map.of("map_library", "flatfile",
                "map_library_opt", dir.resolve("missing").toString())))
                .hasMessageContaining("missing cannot be read: no such file");
    }

    /** none and flatfile answer at once with neither a pool nor a breaker: their keys would do nothing. */
    @Test
    void startShouldRefuseBreakerAndPoolKeysForAnInMemorySource() {
        for (String key : new String[] {"breaker_open", "breaker_window", "pool_size", "queue_size"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(Map.of("map_library", "flatfile",
                    "map_library_opt", popmap("alice:10.0.0.1\n").toString(), "popmap.flatfile." + key, "3")))
                    .hasMessageContaining("popmap.flatfile." + key + ": source flatfile is in memory");
            stop();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(Map.of("map_library", "",
                "popmap.none.breaker_minimum_calls", "3"))).hasMessageContaining("popmap.none.breaker_minimum_calls");
    }

    @Test
    void startShouldFailWithFileAndLineOfABadPort() throws Exception {
        Path popmap = popmap("alice:host1\nbob:host2:pop4\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(Map.of("map_library", "flatfile",
                "map_library_opt", popmap.toString())))
                .hasMessageContaining(popmap + ":2: not a port number or known service name: pop4");
    }

    @Test
    void popmapSourceShouldNameTheChainWhateverMapLibrarySays() throws Exception {
        start(Map.of("map_library", "libperditiondb_nis.so.0", "popmap.source", "test"));
        answers.put("alice", new LookupResult.Found("10.0.0.13"));
        assertThat(lookup(session(), Credentials.of("alice", "a")).server()).contains(new OutgoingServer("10.0.0.13", 110));
    }

    @Test
    void aSourceListedInMetaInfServicesShouldBeSelectedByItsMapLibrary() throws Exception {
        start(Map.of("map_library", "/usr/lib/x86_64-linux-gnu/libperditiondb_servicetest.so.0"));
        assertThat(lookup(session(), Credentials.of("alice", "a")).server()).contains(new OutgoingServer("10.0.0.14", 110));
    }

    @Test
    void startShouldFailWhenPopmapSourceNamesASourceTwice() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(Map.of("popmap.source", "test,test")))
                .hasMessageContaining("popmap.source names a source twice");
    }

    @Test
    void startShouldFailWhenPopmapSourceNamesNoRoute() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(Map.of("popmap.source", "nosuch")))
                .hasMessageContaining("no route popmap-nosuch");
    }

    @Test
    void lookupShouldGiveNoServerWhenNoMapAndNoOutgoingServer() throws Exception {
        start(Map.of("map_library", ""));

        Exchange lookup = lookupExchange(session(), Credentials.of("alice", "secret"));
        Destination destination = lookup.getVariable("destination", Destination.class);

        assertThat(context.getRoute("popmap-none")).isNotNull();
        assertThat(lookup.getVariable("queryKeys")).as("no popmap: no key made, no source asked").isNull();
        assertThat(lookup.getVariable("popmapAnswer")).isNull();
        assertThat(destination.server()).isEmpty();
        assertThat(destination.serverForLog()).isEqualTo("(null):pop3");
        assertThat(destination.remoteUser()).isEqualTo("alice");
    }

    @Test
    void lookupShouldUseClientServerSpecificationWithoutConsultingMap() throws Exception {
        Path popmap = popmap("alice@127.0.0.1:10.9.9.9\nalice:10.9.9.9\n");
        start(Map.of("map_library", "flatfile", "map_library_opt", popmap.toString(),
                "client_server_specification", "true"));

        Destination destination = lookup(session(), Credentials.of("alice@127.0.0.1:22110", "secret"));

        assertThat(keysTried).isEmpty();
        assertThat(destination.server()).contains(new OutgoingServer("127.0.0.1", 22110));
        assertThat(destination.serverForLog()).isEqualTo("127.0.0.1:22110");
        assertThat(destination.remoteUser()).isEqualTo("alice");
        assertThat(destination.logUser()).isEqualTo("alice");
    }

    @Test
    void lookupShouldLogInAsDatabaseUserWhenUsernameFromDatabase() throws Exception {
        Path popmap = popmap("map-alice:alice@127.0.0.1:22143\n");
        start(Map.of("map_library", "flatfile", "map_library_opt", popmap.toString(),
                "username_from_database", "true"));

        Destination destination = lookup(session(), Credentials.of("map-alice", "secret"));

        assertThat(destination.server()).contains(new OutgoingServer("127.0.0.1", 22143));
        assertThat(destination.remoteUser()).isEqualTo("alice");
        assertThat(destination.logUser()).isEqualTo("alice");
    }

    @Test
    void lookupShouldKeepClientUserWhenMapGivesUserWithoutUsernameFromDatabase() throws Exception {
        Path popmap = popmap("map-alice:alice@127.0.0.1:22143\n");
        start(Map.of("map_library", "flatfile", "map_library_opt", popmap.toString()));

        Destination destination = lookup(session(), Credentials.of("map-alice", "secret"));

        assertThat(destination.server()).contains(new OutgoingServer("127.0.0.1", 22143));
        assertThat(destination.remoteUser()).isEqualTo("map-alice");
    }

    @Test
    void lookupShouldUseAuthorisationIdForManageSieve() throws Exception {
        Path popmap = popmap("bob:10.0.0.3:4190\nalice:10.0.0.4:4190\n");
        start(Map.of("map_library", "flatfile", "map_library_opt", popmap.toString()));
        ProxySession sieve = new ProxySession(Protocol.MANAGESIEVE, CLIENT, new InetSocketAddress("127.0.0.1", 4190));

        Destination destination = lookup(sieve, new Credentials(Optional.of("bob"), "alice", "secret"));

        assertThat(keysTried).containsExactly("bob");
        assertThat(destination.server()).contains(new OutgoingServer("10.0.0.3", 4190));
        assertThat(destination.remoteUser()).isEqualTo("bob");
    }

    @Test
    void lookupShouldTakeKeysWithCommasAndDollarsLiterally() throws Exception {
        Path popmap = popmap("a,b${x}:10.0.0.5\n");
        start(Map.of("map_library", "flatfile", "map_library_opt", popmap.toString()));

        Destination destination = lookup(session(), Credentials.of("a,b${x}", "secret"));

        assertThat(keysTried).containsExactly("a,b${x}");
        assertThat(destination.server()).contains(new OutgoingServer("10.0.0.5", 110));
    }

    @Test
    void lookupShouldRotateOutgoingServersAcrossAttemptsInOneSession() throws Exception {
        start(Map.of("map_library", "", "outgoing_server", "a.example,b.example"));
        ProxySession session = session();

        Destination first = lookup(session, Credentials.of("alice", "secret"));
        Destination second = lookup(session, Credentials.of("alice", "secret"));

        assertThat(first.server()).isNotEqualTo(second.server());
        assertThat(List.of(first.serverForLog(), second.serverForLog()))
                .containsExactlyInAnyOrder("a.example:pop3", "b.example:pop3");
    }

    @Test
    void lookupResultOfValueShouldTurnAnotherSourcesBodyIntoAnAnswer() throws Exception {
        start(Map.of("map_library", ""));
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("other-source.camel.yaml", String.join("\n",
                "- route:",
                "    id: other-source",
                "    from:",
                "      uri: direct:other-source",
                "      steps:",
                "        - setVariable:",
                "            name: popmapAnswer",
                "            method:",
                "              beanType: org.perditioncamel.popmap.LookupResult",
                "              method: \"ofValue(${body})\"")));
        ProducerTemplate template = context.createProducerTemplate();

        Exchange hit = template.send("direct:other-source", exchange -> exchange.getMessage().setBody("alice@h:1"));
        Exchange miss = template.send("direct:other-source", exchange -> exchange.getMessage().setBody(null));

        assertThat(hit.getVariable("popmapAnswer")).isEqualTo(new LookupResult.Found("alice@h:1"));
        assertThat(miss.getVariable("popmapAnswer")).isEqualTo(new LookupResult.NotFound());
    }

    /** A lookup the source's pool and queue cannot take is refused at once, never run on the caller's event loop. */
    @Test
    void aLookupBeyondThePoolAndItsQueueShouldBeRefusedNotRunOnTheCallersThread() throws Exception {
        start(Map.of("popmap.source", "test", "popmap.test.pool_size", "1", "popmap.test.queue_size", "1"));
        ProducerTemplate template = context.createProducerTemplate();
        Future<Exchange> first = lookupAsync(template, "slow1");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> keysTried.contains("slow1"));
        List<Future<Exchange>> more = List.of(lookupAsync(template, "slow2"), lookupAsync(template, "slow3"));
        try {
            // one waits in the queue, the other is refused while the first still holds the only thread
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2))
                    .until(() -> more.stream().anyMatch(Future::isDone));
            Future<Exchange> refused = more.stream().filter(Future::isDone).findFirst().orElseThrow();
            assertThat(refused.get().getException()).isInstanceOf(RejectedExecutionException.class);
        } finally {
            slowRelease.countDown();
        }
        assertThat(first.get(5, TimeUnit.SECONDS).getException()).isNull();
        assertThat(more.stream().filter(f -> getQuietly(f).getException() == null)).hasSize(1);
        assertThat(sourceThreads).hasSize(2).allMatch(t -> t.endsWith("popmap-test"));
    }

    private Future<Exchange> lookupAsync(ProducerTemplate template, String user) {
        return template.asyncSend("direct:popmap-lookup", exchange -> {
            exchange.setVariable("session", session());
            exchange.setVariable("credentials", Credentials.of(user, "pw"));
        });
    }

    private static Exchange getQuietly(Future<Exchange> future) {
        try {
            return future.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ProxySession session() {
        return new ProxySession(Protocol.POP3, CLIENT, LOCAL);
    }

    private Path popmap(String content) throws IOException {
        Path file = dir.resolve("popmap");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private void start(Map<String, String> settings) throws Exception {
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.putAll(settings);
        context.getPropertiesComponent().setInitialProperties(properties);
        for (String routes : List.of("popmap", "popmap-guard", "popmap-flatfile", "popmap-regex", "popmap-none")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(PluginHelper.getResourceLoader(context)
                    .resolveResource("classpath:routes/" + routes + ".camel.yaml"));
        }
        // an operator's own source: a route and no Java of ours; its answers come from the map "answers"
        context.getRegistry().bind("testAnswers", (Popmap) key -> {
            keysTried.add(key);
            sourceThreads.add(Thread.currentThread().getName());
            if (key.equals("boom")) {
                throw new IllegalStateException("kaput");
            }
            if (key.startsWith("slow")) {
                awaitQuietly(slowRelease);
            }
            LookupResult answer = answers.get(key);
            return answer == null ? new LookupResult.NotFound() : answer;
        });
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("popmap-test.camel.yaml",
                String.join("\n",
                "- route:",
                "    id: popmap-test",
                "    from:",
                "      uri: direct:popmap-test",
                "      steps:",
                "        - setVariable:",
                "            name: popmapAnswer",
                "            method:",
                "              ref: testAnswers",
                "              method: \"lookup(${variable.queryKey})\"")));
        for (Path routes : extraRoutes) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getResourceLoader(context).resolveResource("file:" + routes.toAbsolutePath()));
        }
        new PopmapConfiguration().configure(context);
        for (String bean : List.of("popmapFlatfile", "popmapRegex")) {
            Popmap configured = context.getRegistry().lookupByNameAndType(bean, Popmap.class);
            if (configured != null) {
                context.getRegistry().unbind(bean);
                Popmap watched = key -> {
                    keysTried.add(key);
                    sourceThreads.add(Thread.currentThread().getName());
                    return configured.lookup(key);
                };
                context.getRegistry().bind(bean, Popmap.class, watched);
                PopmapCalls.bindLookup(context, bean, watched);   // the route calls <bean>.lookup
            }
        }
        context.start();
    }

    private Exchange lookupExchange(ProxySession session, Credentials credentials) {
        ProducerTemplate template = context.createProducerTemplate();
        Exchange result = template.send("direct:popmap-lookup", exchange -> {
            exchange.setVariable("session", session);
            exchange.setVariable("credentials", credentials);
        });
        assertThat(result.getException()).isNull();
        return result;
    }

    private Destination lookup(ProxySession session, Credentials credentials) {
        return lookupExchange(session, credentials).getVariable("destination", Destination.class);
    }
}
