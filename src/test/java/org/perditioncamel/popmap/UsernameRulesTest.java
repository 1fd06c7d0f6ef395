package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

class UsernameRulesTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.10", 110);

    private final AtomicInteger reverseLookups = new AtomicInteger();
    private String localName = "mail.pop.example.com";

    private UsernameRules rules(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return UsernameRules.from(PopmapSettings.from(Settings.of(values)), address -> {
            reverseLookups.incrementAndGet();
            return localName;
        });
    }

    @Test
    void mangleShouldLeaveNameAloneByDefault() {
        UsernameRules rules = rules();
        for (State state : State.values()) {
            assertThat(rules.mangle("Alice@Example.COM", state, LOCAL)).isEqualTo("Alice@Example.COM");
        }
    }

    @Test
    void stripDomainShouldCutAtLastDelimiterOnlyInItsStates() {
        UsernameRules rules = rules("strip_domain", "local_authentication,remote_login");
        assertThat(rules.mangle("a@b@c", State.REMOTE_LOGIN, LOCAL)).isEqualTo("a@b");
        assertThat(rules.mangle("a@b@c", State.LOCAL_AUTHENTICATION, LOCAL)).isEqualTo("a@b");
        assertThat(rules.mangle("a@b@c", State.SERVERNAME_LOOKUP, LOCAL)).isEqualTo("a@b@c");
        assertThat(rules.mangle("plain", State.REMOTE_LOGIN, LOCAL)).isEqualTo("plain");
    }

    /** perdition cuts -c's server part off the name before PAM (§9.2): authenticate_in checks the user, not the spec. */
    @Test
    void localAuthenticationNameShouldLeaveOutTheClientServerSpecification() {
        ProxySession session = new ProxySession(Protocol.POP3, null, LOCAL);
        UsernameRules rules = rules("client_server_specification", "true");
        assertThat(rules.localAuthenticationName(session, Credentials.of("alice@mail1:110", "pw"))).isEqualTo("alice");
        assertThat(rules.localAuthenticationName(session, Credentials.of("alice", "pw"))).isEqualTo("alice");
        assertThat(rules("add_domain", "local_authentication", "explicit_domain", "example.com")
                .localAuthenticationName(session, Credentials.of("alice@mail1", "pw")))
                .as("without -c the domain is the user's").isEqualTo("alice@mail1");
    }

    @Test
    void stripDomainShouldNotApplyToServernameLookupWhenClientServerSpecification() {
        UsernameRules rules = rules("strip_domain", "all", "client_server_specification", "true");
        assertThat(rules.mangle("alice@host:110", State.SERVERNAME_LOOKUP, LOCAL)).isEqualTo("alice@host:110");
        assertThat(rules.mangle("alice@host:110", State.REMOTE_LOGIN, LOCAL)).isEqualTo("alice");
    }

    @Test
    void stateListsShouldAcceptAliasesInAnyCase() {
        UsernameRules rules = rules("lower_case", "SERVER_LOOKUP,Local_Auth");
        assertThat(rules.mangle("A", State.SERVERNAME_LOOKUP, LOCAL)).isEqualTo("a");
        assertThat(rules.mangle("A", State.LOCAL_AUTHENTICATION, LOCAL)).isEqualTo("a");
        assertThat(rules.mangle("A", State.REMOTE_LOGIN, LOCAL)).isEqualTo("A");
    }

    @Test
    void fromShouldRejectUnknownState() {
        assertThatThrownBy(() -> rules("strip_domain", "lookup"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown state for strip_domain: lookup");
    }

    @Test
    void addDomainShouldUseExplicitDomainWithoutDepthStripping() {
        UsernameRules rules = rules("add_domain", "remote_login,3", "explicit_domain", "example.com");
        assertThat(rules.mangle("carol", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol@example.com");
        assertThat(reverseLookups).hasValue(0);
    }

    @Test
    void addDomainShouldRemoveOneLeadingLabelByDefault() {
        UsernameRules rules = rules("add_domain", "remote_login");
        assertThat(rules.mangle("carol", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol@pop.example.com");
    }

    @Test
    void addDomainShouldRemoveDepthLeadingLabels() {
        assertThat(rules("add_domain", "remote_login,0").mangle("carol", State.REMOTE_LOGIN, LOCAL))
                .isEqualTo("carol@mail.pop.example.com");
        assertThat(rules("add_domain", "2,remote_login").mangle("carol", State.REMOTE_LOGIN, LOCAL))
                .isEqualTo("carol@example.com");
    }

    @Test
    void addDomainShouldAddNothingWhenDepthLeavesNoLabel() {
        assertThat(rules("add_domain", "remote_login,4").mangle("carol", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol");
        localName = "localhost";
        assertThat(rules("add_domain", "remote_login").mangle("carol", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol");
    }

    @Test
    void addDomainShouldApplyDepthToNumericFallback() {
        localName = "192.0.2.10";
        assertThat(rules("add_domain", "remote_login").mangle("carol", State.REMOTE_LOGIN, LOCAL))
                .isEqualTo("carol@0.2.10");
    }

    @Test
    void addDomainShouldNotAddWhenNameHasDelimiter() {
        UsernameRules rules = rules("add_domain", "all", "explicit_domain", "example.com");
        assertThat(rules.mangle("carol@foo", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol@foo");
    }

    @Test
    void addDomainShouldAddNothingWithoutLocalAddress() {
        assertThat(rules("add_domain", "all").mangle("carol", State.REMOTE_LOGIN, null)).isEqualTo("carol");
    }

    @Test
    void addDomainShouldUseMultiCharacterDelimiter() {
        UsernameRules rules = rules("add_domain", "all", "explicit_domain", "example.com", "domain_delimiter", "%%");
        assertThat(rules.mangle("carol", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol%%example.com");
        assertThat(rules.mangle("carol%%x", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol%%x");
        assertThat(rules.mangle("carol@x", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol@x%%example.com");
    }

    @Test
    void mangleShouldStripThenAddThenLowerCase() {
        UsernameRules rules = rules("strip_domain", "remote_login", "add_domain", "remote_login,0",
                "lower_case", "remote_login", "explicit_domain", "Example.COM");
        assertThat(rules.mangle("Carol@Foo", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol@example.com");
    }

    @Test
    void mangleShouldFollowReferenceCase41() {
        UsernameRules rules = rules("strip_domain", "servername_lookup", "add_domain", "remote_login,0",
                "explicit_domain", "example.com");
        assertThat(rules.mangle("carol", State.SERVERNAME_LOOKUP, LOCAL)).isEqualTo("carol");
        assertThat(rules.mangle("carol", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol@example.com");
        assertThat(rules.mangle("carol@foo", State.SERVERNAME_LOOKUP, LOCAL)).isEqualTo("carol");
        assertThat(rules.mangle("carol@foo", State.REMOTE_LOGIN, LOCAL)).isEqualTo("carol@foo");
    }

    @Test
    void lowerCaseShouldOnlyApplyToItsStateAsInReferenceCase42() {
        UsernameRules rules = rules("lower_case", "servername_lookup");
        assertThat(rules.mangle("ALICE", State.SERVERNAME_LOOKUP, LOCAL)).isEqualTo("alice");
        assertThat(rules.mangle("ALICE", State.REMOTE_LOGIN, LOCAL)).isEqualTo("ALICE");
    }

    @Test
    void lowerCaseShouldOnlyTouchAscii() {
        assertThat(rules("lower_case", "all").mangle("ÄLICE", State.REMOTE_LOGIN, LOCAL)).isEqualTo("Älice");
    }

    @Test
    void servernameLookupNameShouldPreferAuthorisationId() {
        UsernameRules rules = rules("lower_case", "servername_lookup");
        ProxySession session = new ProxySession(Protocol.MANAGESIEVE, null, LOCAL);
        assertThat(rules.servernameLookupName(session, new Credentials(Optional.of("BOB"), "alice", "pw"))).isEqualTo("bob");
        assertThat(rules.servernameLookupName(session, Credentials.of("ALICE", "pw"))).isEqualTo("alice");
    }

    @Test
    void aClientsUtf8OctetsShouldBeLookedUpAsText() {
        UsernameRules rules = rules("lower_case", "servername_lookup");
        String octets = new String("Jürgen".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        ProxySession session = new ProxySession(Protocol.POP3, null, LOCAL);

        // lower_case is ASCII only, as perdition's (the C locale): the J goes down, an Ü would stay
        assertThat(rules.servernameLookupName(session, Credentials.of(octets, "pw"))).isEqualTo("jürgen");
        assertThat(rules.localAuthenticationName(session, Credentials.of(octets, "pw"))).isEqualTo("Jürgen");
        // ManageSieve's SASL PLAIN names are the client's octets as well
        assertThat(rules.servernameLookupName(new ProxySession(Protocol.MANAGESIEVE, null, LOCAL),
                Credentials.of(octets, "pw"))).isEqualTo("jürgen");
    }

    @Test
    void localHostNamesShouldResolveEachAddressOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        org.perditioncamel.session.ReverseNames names = new org.perditioncamel.session.ReverseNames(
                address -> "call-" + calls.incrementAndGet(), System::nanoTime);
        assertThat(names.apply(InetAddress.getByName("127.0.0.1"))).isEqualTo("call-1");
        assertThat(names.apply(InetAddress.getByName("127.0.0.1"))).isEqualTo("call-1");
        assertThat(names.apply(InetAddress.getByName("::1"))).isEqualTo("call-2");
    }

    @Test
    void addDomainsLookupShouldRunOffTheCallersThreadAndBeReadyWhenTheSessionStarts() throws Exception {
        CountDownLatch dnsAnswers = new CountDownLatch(1);
        AtomicReference<Thread> lookedUpOn = new AtomicReference<>();
        UsernameRules rules = UsernameRules.from(PopmapSettings.from(Settings.of(Map.of("add_domain", "all,1"))),
                address -> {
                    lookedUpOn.set(Thread.currentThread());
                    try {
                        dnsAnswers.await();   // a slow DNS server
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "mail.pop.example.com";
                });

        CompletableFuture<?> named = rules.localNamed(LOCAL);   // the listener asks on the event loop: it must not wait

        assertThat(named).isNotDone();
        dnsAnswers.countDown();
        named.get(5, TimeUnit.SECONDS);
        assertThat(lookedUpOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(rules.mangle("alice", State.SERVERNAME_LOOKUP, LOCAL)).isEqualTo("alice@pop.example.com");
    }

    @Test
    void withAnExplicitDomainOrNoAddDomainNothingShouldBeLookedUp() {
        assertThat(rules("add_domain", "all", "explicit_domain", "example.net").localNamed(LOCAL)).isDone();
        assertThat(rules("strip_domain", "all").localNamed(LOCAL)).isDone();
        assertThat(reverseLookups.get()).isZero();
    }

    @Test
    void localHostNamesShouldFallBackToCompressedNumericAddress() throws Exception {
        InetAddress address = InetAddress.getByName("2001:db8:0:0:0:0:0:7");
        assertThat(org.perditioncamel.session.ReverseNames.nameOrNumeric("2001:db8:0:0:0:0:0:7", address)).isEqualTo("2001:db8::7");
        assertThat(org.perditioncamel.session.ReverseNames.nameOrNumeric("mail.example.com", address)).isEqualTo("mail.example.com");
    }
}
