package org.perditioncamel.popmap.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.popmap.Destination;
import org.perditioncamel.popmap.LookupResult;
import org.perditioncamel.popmap.OutgoingServer;
import org.perditioncamel.popmap.Popmap;
import org.perditioncamel.popmap.PopmapConfiguration;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.testing.FreePorts;

/** map_library = perdition's LDAP library: popmap-lookup asks route popmap-ldap, which answers on its own threads. */
class LdapRouteTest {
    private static final String LIBRARY = "/usr/lib/x86_64-linux-gnu/libperditiondb_ldap.so.0";
    @RegisterExtension
    static final InMemoryDirectory DIRECTORY = new InMemoryDirectory();
    private CamelContext context;
    private final java.util.List<String> searchThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Holds every search until released, so a test can fill the route's pool. */
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean holdSearches;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void theLoginNameShouldBeLookedUpInTheDirectory() throws Exception {
        start("ldap://127.0.0.1:" + DIRECTORY.port() + "/ou=mailbox,dc=nodomain?username,mailhost,port?one?(uid=%s)");

        Destination alice = lookup("alice");
        assertThat(alice.server()).contains(new OutgoingServer("10.0.0.1", 1110));
        assertThat(alice.remoteUser()).isEqualTo("alice");
        assertThat(context.getRoute(LdapMapLibrary.ROUTE)).isNotNull();

        Exchange answer = context.createProducerTemplate().send("direct:popmap-ldap",
                e -> e.setVariable("queryKey", "*)(uid=*"));
        assertThat(answer.getVariable("popmapAnswer")).isEqualTo(new LookupResult.NotFound());
        assertThat(searchThreads).as("the search runs on the route's own pool").isNotEmpty()
                .allSatisfy(name -> assertThat(name).contains("popmap-ldap"));
    }

    @Test
    void anUnreachableDirectoryShouldFallBackToOutgoingServerWithoutAnException() throws Exception {
        start("2:ldap://127.0.0.1:" + FreePorts.one() + "/ou=mailbox,dc=nodomain?username,mailhost,port?one?(uid=%s)",
                "outgoing_server", "fallback.example.com:110", "popmap.ldap.timeout", "2");

        Exchange answer = context.createProducerTemplate().send("direct:popmap-ldap",
                e -> e.setVariable("queryKey", "alice"));
        assertThat(answer.getException()).isNull();
        assertThat(answer.getVariable("popmapAnswer")).isInstanceOf(LookupResult.Failed.class);
        assertThat(lookup("alice").server()).contains(new OutgoingServer("fallback.example.com", 110));
    }

    /** One thread, no queue: a second lookup while the first runs fails at once instead of waiting or throwing. */
    @Test
    void aLookupBeyondTheQueueShouldFailAtOnce() throws Exception {
        start("ldap://127.0.0.1:" + DIRECTORY.port() + "/ou=mailbox,dc=nodomain?username,mailhost,port?one?(uid=%s)",
                "popmap.ldap.pool_size", "1", "popmap.ldap.queue_size", "0");
        holdSearches = true;
        java.util.concurrent.CompletableFuture<Exchange> first = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                context.createProducerTemplate().send("direct:popmap-ldap", e -> e.setVariable("queryKey", "alice")));
        org.awaitility.Awaitility.await().until(() -> searchThreads.size() == 1);

        Exchange second = context.createProducerTemplate().send("direct:popmap-ldap",
                e -> e.setVariable("queryKey", "bob"));
        assertThat(second.getException()).isNull();
        assertThat(second.getVariable("popmapAnswer")).isInstanceOf(LookupResult.Failed.class);

        release.countDown();
        assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS).getVariable("popmapAnswer"))
                .isEqualTo(new LookupResult.Found("alice@10.0.0.1:1110"));
    }

    @Test
    void otherLibrariesShouldAddNoLdapRoute() throws Exception {
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("map_library", "");
        context.getPropertiesComponent().setInitialProperties(properties);
        new PopmapConfiguration().configure(context);
        new LdapConfiguration().configure(context);
        loadRoutes();
        context.start();
        assertThat(context.getRoute(LdapMapLibrary.ROUTE)).isNull();
        assertThat(context.getRegistry().lookupByName("ldapPopmap")).isNull();
    }

    private void start(String mapLibraryOpt, String... more) throws Exception {
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.putAll(Map.of("map_library", LIBRARY, "map_library_opt", mapLibraryOpt));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(properties);
        new PopmapConfiguration().configure(context);
        new LdapConfiguration().configure(context);
        Popmap ldap = context.getRegistry().lookupByNameAndType("ldapPopmap", Popmap.class);
        context.getRegistry().unbind("ldapPopmap");
        context.getRegistry().bind("ldapPopmap", Popmap.class, (Popmap) key -> {
            searchThreads.add(Thread.currentThread().getName());
            if (holdSearches) {
                try {
                    release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ldap.lookup(key);
        });
        loadRoutes();
        context.start();
    }

    private void loadRoutes() throws Exception {
        for (String routes : new String[] {"popmap", "popmap-ldap"}) {
            PluginHelper.getRoutesLoader(context).loadRoutes(PluginHelper.getResourceLoader(context)
                    .resolveResource("classpath:routes/" + routes + ".camel.yaml"));
        }
    }

    private Destination lookup(String user) {
        Exchange result = context.createProducerTemplate().send("direct:popmap-lookup", exchange -> {
            exchange.setVariable("session", new ProxySession(Protocol.POP3, new InetSocketAddress("127.0.0.1", 40000),
                    new InetSocketAddress("127.0.0.1", 110)));
            exchange.setVariable("credentials", Credentials.of(user, "secret"));
        });
        assertThat(result.getException()).isNull();
        return result.getVariable("destination", Destination.class);
    }
}
