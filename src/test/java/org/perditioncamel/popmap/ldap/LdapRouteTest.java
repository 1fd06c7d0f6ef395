package org.perditioncamel.popmap.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

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
import org.perditioncamel.popmap.PopmapRoutes;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.testing.FreePorts;

/**
 * map_library = perdition's LDAP library: the source is found through META-INF/services, and popmap-lookup asks
 * route popmap-ldap through its guard, which runs the search on the source's own pool.
 */
class LdapRouteTest {
    private static final String LIBRARY = "/usr/lib/x86_64-linux-gnu/libperditiondb_ldap.so.0";
    private static final String LAYOUT = "/ou=mailbox,dc=nodomain?username,mailhost,port?one?(uid=%s)";
    @RegisterExtension
    static final InMemoryDirectory DIRECTORY = new InMemoryDirectory();
    private CamelContext context;
    private final List<String> searchThreads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void theLoginNameShouldBeLookedUpInTheDirectory() throws Exception {
        start(Map.of("map_library", LIBRARY, "map_library_opt", "ldap://127.0.0.1:" + DIRECTORY.port() + LAYOUT));

        Exchange alice = lookup("alice");
        assertThat(alice.getVariable("destination", Destination.class).server())
                .contains(new OutgoingServer("10.0.0.1", 1110));
        assertThat(alice.getVariable("destination", Destination.class).remoteUser()).isEqualTo("alice");
        assertThat(context.getRoute("popmap-ldap")).isNotNull();
        assertThat(searchThreads).as("the search runs on the source's own pool").isNotEmpty()
                .allSatisfy(name -> assertThat(name).endsWith("popmap-ldap"));

        Exchange answer = context.createProducerTemplate().send("direct:popmap-ldap",
                e -> e.setVariable("queryKey", "*)(uid=*"));
        assertThat(answer.getVariable("popmapAnswer")).isEqualTo(new LookupResult.NotFound());
    }

    /** The key is the client's: not unquoted, and "null" is a user like any other (the directory has neither). */
    @Test
    void theKeyShouldReachTheDirectoryAsTheClientGaveIt() throws Exception {
        start(Map.of("map_library", LIBRARY, "map_library_opt", "ldap://127.0.0.1:" + DIRECTORY.port() + LAYOUT));

        for (String key : List.of("'bob'", "\"bob\"", "null")) {
            Exchange answer = context.createProducerTemplate().send("direct:popmap-ldap",
                    e -> e.setVariable("queryKey", key));
            assertThat(answer.getException()).as(key).isNull();
            assertThat(answer.getVariable("popmapAnswer")).as(key).isEqualTo(new LookupResult.NotFound());
        }
        Exchange bob = context.createProducerTemplate().send("direct:popmap-ldap", e -> e.setVariable("queryKey", "bob"));
        assertThat(bob.getVariable("popmapAnswer")).isInstanceOf(LookupResult.Found.class);
    }

    @Test
    void popmapLdapUrlShouldServeTheSourceInAChain() throws Exception {
        start(Map.of("popmap.source", "none,ldap", "map_library", "",
                "popmap.ldap.url", "ldap://127.0.0.1:" + DIRECTORY.port() + LAYOUT));

        assertThat(lookup("carol").getVariable("destination", Destination.class).server())
                .contains(new OutgoingServer("10.0.0.3", 2110));
    }

    @Test
    void anUnreachableDirectoryShouldBeATemporaryFailureByDefault() throws Exception {
        start(Map.of("map_library", LIBRARY, "map_library_opt", "2:ldap://127.0.0.1:" + FreePorts.one() + LAYOUT,
                "outgoing_server", "fallback.example.com:110", "popmap.ldap.timeout", "2"));

        Exchange answer = context.createProducerTemplate().send("direct:popmap-ldap",
                e -> e.setVariable("queryKey", "alice"));
        assertThat(answer.getException()).isNull();
        assertThat(answer.getVariable("popmapAnswer")).isInstanceOf(LookupResult.Failed.class);

        Exchange alice = lookup("alice");
        assertThat(alice.getVariable("popmapFailure", String.class)).startsWith("LDAP ");
        assertThat(alice.getVariable("destination", Destination.class).server()).isEmpty();
    }

    @Test
    void anUnreachableDirectoryShouldFallBackToOutgoingServerWhenOnFailureSaysSo() throws Exception {
        start(Map.of("map_library", LIBRARY, "map_library_opt", "2:ldap://127.0.0.1:" + FreePorts.one() + LAYOUT,
                "outgoing_server", "fallback.example.com:110", "popmap.ldap.timeout", "2",
                "popmap.ldap.on_failure", "outgoing_server"));

        Exchange alice = lookup("alice");
        assertThat(alice.getVariable("popmapFailure")).isNull();
        assertThat(alice.getVariable("destination", Destination.class).server())
                .contains(new OutgoingServer("fallback.example.com", 110));
    }

    @Test
    void otherLibrariesShouldAddNoLdapRoute() throws Exception {
        start(Map.of("map_library", ""));
        assertThat(context.getRoute("popmap-ldap")).isNull();
        assertThat(context.getRegistry().lookupByName(LdapSource.BEAN)).isNull();
    }

    private void start(Map<String, String> settings) throws Exception {
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.putAll(settings);
        context.getPropertiesComponent().setInitialProperties(properties);
        for (String routes : List.of("popmap", "popmap-guard", "popmap-none", "popmap-ldap")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(PluginHelper.getResourceLoader(context)
                    .resolveResource("classpath:routes/" + routes + ".camel.yaml"));
        }
        new PopmapConfiguration().configure(context);
        Popmap ldap = context.getRegistry().lookupByNameAndType(LdapSource.BEAN, Popmap.class);
        if (ldap != null) {
            context.getRegistry().unbind(LdapSource.BEAN);
            Popmap watched = key -> {
                searchThreads.add(Thread.currentThread().getName());
                return ldap.lookup(key);
            };
            context.getRegistry().bind(LdapSource.BEAN, Popmap.class, watched);
            PopmapRoutes.bindLookup(context, LdapSource.BEAN, watched);   // the route calls ldapPopmap.lookup
        }
        context.start();
    }

    private Exchange lookup(String user) {
        Exchange result = context.createProducerTemplate().send("direct:popmap-lookup", exchange -> {
            exchange.setVariable("session", new ProxySession(Protocol.POP3, new InetSocketAddress("127.0.0.1", 40000),
                    new InetSocketAddress("127.0.0.1", 110)));
            exchange.setVariable("credentials", Credentials.of(user, "secret"));
        });
        assertThat(result.getException()).isNull();
        return result;
    }
}
