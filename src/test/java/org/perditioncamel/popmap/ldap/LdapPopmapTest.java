package org.perditioncamel.popmap.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.perditioncamel.config.Settings;
import org.perditioncamel.popmap.LookupResult;
import org.perditioncamel.testing.FreePorts;

/** The LDAP popmap against an in-memory directory (UnboundID) holding src/test/resources/ldap/popmap.ldif. */
class LdapPopmapTest {
    @RegisterExtension
    static final InMemoryDirectory DIRECTORY = new InMemoryDirectory();

    private static LdapPopmap popmap(String mapLibraryOpt, String... more) {
        Map<String, String> values = new HashMap<>();
        values.put("map_library_opt", mapLibraryOpt);
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        Settings settings = Settings.of(values);
        return new LdapPopmap(LdapSettings.from(settings, settings.nonEmpty("map_library_opt")), "@");
    }

    private static String url(String rest) {
        return "ldap://127.0.0.1:" + DIRECTORY.port() + "/" + rest;
    }

    private static final String DEFAULT_LAYOUT = "ou=mailbox,dc=nodomain?username,mailhost,port?one?(uid=%s)";

    @Test
    void perditionsDefaultLayoutShouldGiveUserHostAndPort() {
        try (LdapPopmap popmap = popmap(url(DEFAULT_LAYOUT))) {
            assertThat(popmap.lookup("alice")).isEqualTo(new LookupResult.Found("alice@10.0.0.1:1110"));
            assertThat(popmap.lookup("bob")).isEqualTo(new LookupResult.Found("mail.example.com"));
            assertThat(popmap.lookup("nobody")).isEqualTo(new LookupResult.NotFound());
        }
    }

    @Test
    void theFirstAttributeAloneShouldBeAWholeUserHostPort() {
        try (LdapPopmap popmap = popmap(url(DEFAULT_LAYOUT))) {
            assertThat(popmap.lookup("carol")).isEqualTo(new LookupResult.Found("carol@10.0.0.3:2110"));
            // an entry without the attributes is found, with no server (perdition: 0 and nothing set)
            assertThat(popmap.lookup("dave")).isEqualTo(new LookupResult.Found(""));
        }
        try (LdapPopmap popmap = popmap(url("ou=mailbox,dc=nodomain?mailhost?one?(uid=%s)"))) {
            assertThat(popmap.lookup("alice")).isEqualTo(new LookupResult.Found("10.0.0.1"));
        }
    }

    @Test
    void filterInjectionInTheUserNameShouldFindNothing() {
        try (LdapPopmap popmap = popmap(url(DEFAULT_LAYOUT))) {
            assertThat(popmap.lookup("*")).isEqualTo(new LookupResult.NotFound());
            assertThat(popmap.lookup("*)(uid=*")).isEqualTo(new LookupResult.NotFound());
            assertThat(popmap.lookup("alice)(|(uid=*")).isEqualTo(new LookupResult.NotFound());
            assertThat(popmap.lookup("al*")).isEqualTo(new LookupResult.NotFound());
            // the same characters as data match exactly the entry that has them
            assertThat(popmap.lookup("o*brien(x)")).isEqualTo(new LookupResult.Found("10.0.0.5"));
        }
    }

    @Test
    void aKeyInTheBaseDnShouldNameOneEntryOnly() {
        try (LdapPopmap popmap = popmap(url("uid=%s,ou=mailbox,dc=nodomain?username,mailhost,port?base"))) {
            assertThat(popmap.lookup("alice")).isEqualTo(new LookupResult.Found("alice@10.0.0.1:1110"));
            assertThat(popmap.lookup("nobody")).isEqualTo(new LookupResult.NotFound());
            assertThat(popmap.lookup("alice,ou=mailbox")).isEqualTo(new LookupResult.NotFound());
        }
    }

    @Test
    void severalEntriesShouldGiveTheFirst() {
        try (LdapPopmap popmap = popmap(url("ou=mailbox,dc=nodomain?mailhost?one?(uid=%s)"))) {
            assertThat(popmap.lookup("twin")).isIn(new LookupResult.Found("10.0.0.6"), new LookupResult.Found("10.0.0.7"));
        }
    }

    @Test
    void bindnameAndPasswordShouldBind() {
        String ext = "?bindname=cn=proxy%2cdc=nodomain,x-bindpw=Proxy%20Secret";
        try (LdapPopmap popmap = popmap(url(DEFAULT_LAYOUT + ext))) {
            assertThat(popmap.lookup("alice")).isEqualTo(new LookupResult.Found("alice@10.0.0.1:1110"));
        }
        try (LdapPopmap popmap = popmap(url(DEFAULT_LAYOUT + "?bindname=cn=proxy%2cdc=nodomain,x-bindpw=wrong"))) {
            assertThat(popmap.lookup("alice")).isInstanceOf(LookupResult.Failed.class);
        }
    }

    @Test
    void theNextHostShouldBeTriedWhenTheFirstIsDown() {
        int down = FreePorts.one();
        String hosts = "ldap://127.0.0.1:" + down + " 127.0.0.1:" + DIRECTORY.port() + "/";
        try (LdapPopmap popmap = popmap(hosts + DEFAULT_LAYOUT)) {
            assertThat(popmap.lookup("alice")).isEqualTo(new LookupResult.Found("alice@10.0.0.1:1110"));
        }
    }

    @Test
    void anUnreachableDirectoryShouldBeAFailureNotAnException() {
        try (LdapPopmap popmap = popmap("ldap://127.0.0.1:" + FreePorts.one() + "/" + DEFAULT_LAYOUT,
                "popmap.ldap.timeout", "2")) {
            LookupResult answer = popmap.lookup("alice");
            assertThat(answer).isInstanceOf(LookupResult.Failed.class);
            assertThat(((LookupResult.Failed) answer).reason()).startsWith("LDAP");
        }
    }

    @Test
    void aDirectoryThatComesBackShouldBeUsedAgain() throws Exception {
        try (InMemoryDirectory second = InMemoryDirectory.start()) {
            int port = second.port();
            try (LdapPopmap popmap = popmap("ldap://127.0.0.1:" + port + "/" + DEFAULT_LAYOUT)) {
                assertThat(popmap.lookup("alice")).isInstanceOf(LookupResult.Found.class);
                second.server().shutDown("ldap", true);
                assertThat(popmap.lookup("alice")).isInstanceOf(LookupResult.Failed.class);
                second.server().startListening("ldap");
                assertThat(second.port()).isEqualTo(port);
                assertThat(popmap.lookup("alice")).isInstanceOf(LookupResult.Found.class);
            }
        }
    }

    @Test
    void concurrentLookupsShouldShareThePool() throws Exception {
        try (LdapPopmap popmap = popmap(url(DEFAULT_LAYOUT), "popmap.ldap.pool_size", "3")) {
            java.util.List<java.util.concurrent.Future<LookupResult>> answers = new java.util.ArrayList<>();
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                for (int i = 0; i < 200; i++) {
                    String key = i % 2 == 0 ? "alice" : "bob";
                    answers.add(threads.submit(() -> popmap.lookup(key)));
                }
                for (int i = 0; i < answers.size(); i++) {
                    assertThat(answers.get(i).get()).isEqualTo(new LookupResult.Found(
                            i % 2 == 0 ? "alice@10.0.0.1:1110" : "mail.example.com"));
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
