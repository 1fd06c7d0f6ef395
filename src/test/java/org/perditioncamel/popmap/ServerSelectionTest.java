package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.ProxySession;

class ServerSelectionTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 110);

    private static ServerSelection selection(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        PopmapSettings settings = PopmapSettings.from(Settings.of(values));
        return ServerSelection.from(settings, UsernameRules.from(settings, address -> "localhost"));
    }

    private static ProxySession session(Protocol protocol) {
        return new ProxySession(protocol, CLIENT, LOCAL);
    }

    private static UserServerPort found(String value) {
        return UserServerPort.parse(value, "@");
    }

    @Test
    void serverShouldRotateThroughOutgoingServersWithinOneSession() {
        ServerSelection selection = selection("outgoing_server", "a,b");
        ProxySession session = session(Protocol.POP3);
        OutgoingServer first = selection.server(session, null, null, null);
        OutgoingServer second = selection.server(session, null, null, null);
        assertThat(first).isNotEqualTo(second);
        assertThat(selection.server(session, null, null, null)).isEqualTo(first);
    }

    @Test
    void serverShouldUseEveryOutgoingServerOverManySessions() {
        ServerSelection selection = selection("outgoing_server", "a,b");
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            used.add(selection.server(session(Protocol.POP3), null, null, null).host());
        }
        assertThat(used).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void serverShouldPreferPopmapAndNotRotate() {
        ServerSelection selection = selection("outgoing_server", "a,b");
        ProxySession session = session(Protocol.POP3);
        assertThat(selection.server(session, null, found("mapped:1110"), null)).isEqualTo(new OutgoingServer("mapped", 1110));
        assertThat(selection.server(session, UserServerPort.parse("client:2110", "@"), found("mapped"), null))
                .isEqualTo(new OutgoingServer("client", 2110));
    }

    @Test
    void serverShouldFallBackWhenResultHasNoHost() {
        ServerSelection selection = selection("outgoing_server", "only:2110");
        assertThat(selection.server(session(Protocol.POP3), null, found("alice@:1110"), null))
                .isEqualTo(new OutgoingServer("only", 2110));
        assertThat(selection.server(session(Protocol.POP3), UserServerPort.NONE, null, null))
                .isEqualTo(new OutgoingServer("only", 2110));
    }

    @Test
    void serverShouldBeNullWithoutAnySource() {
        assertThat(selection().server(session(Protocol.POP3), null, null, null)).isNull();
    }

    @Test
    void clientServerSpecificationShouldTakeTextAfterLastDelimiter() {
        ServerSelection selection = selection("client_server_specification", "true");
        assertThat(selection.clientServerSpecification("a@b@[::1]:22143").server())
                .contains(new OutgoingServer("::1", 22143));
        assertThat(selection.clientServerSpecification("alice")).isNull();
        assertThat(selection.clientServerSpecification("alice@")).isEqualTo(UserServerPort.NONE);
        assertThat(selection.clientServerSpecification("alice@host:nonsense")).isEqualTo(UserServerPort.NONE);
    }

    @Test
    void clientServerSpecificationShouldBeNullWhenOff() {
        assertThat(selection().clientServerSpecification("alice@host:110")).isNull();
    }

    @Test
    void popmapResultShouldIgnoreEmptyAndMalformedValues() {
        ServerSelection selection = selection();
        assertThat(selection.popmapResult(new LookupResult.Found(""))).isNull();
        assertThat(selection.popmapResult(new LookupResult.Found("host:nonsense"))).isNull();
        assertThat(selection.popmapResult(new LookupResult.NotFound())).isNull();
        assertThat(selection.popmapResult(new LookupResult.Failed("down"))).isNull();
        assertThat(selection.popmapResult(null)).isNull();
        assertThat(selection.popmapResult(new LookupResult.Found("u@h:1")).user()).contains("u");
    }

    /**
     * The start-up check of a popmap file reads values without their surrounding blanks: a login does too, so a CRLF
     * file's "host:110\r" or a padded SQL CHAR column goes to that host, never silently to outgoing_server.
     */
    @Test
    void popmapResultShouldIgnoreBlanksAndACarriageReturnAroundTheValue() {
        ServerSelection selection = selection();
        UserServerPort crlf = selection.popmapResult(new LookupResult.Found("mail1.example.com:110\r"));
        assertThat(crlf).isNotNull();
        assertThat(crlf.server().get().hasPort()).isTrue();
        assertThat(crlf.server().get().forLog("pop3")).isEqualTo("mail1.example.com:110");
        assertThat(selection.popmapResult(new LookupResult.Found("bob@mail2 ")).server().get().forLog("pop3"))
                .isEqualTo("mail2:pop3");
    }

    @Test
    void destinationShouldFillPortFromOutgoingPortAndLogItsText() {
        ServerSelection selection = selection("outgoing_port", "imap");
        Destination destination = selection.destination(session(Protocol.IMAP4), Credentials.of("alice", "pw"),
                null, null, new OutgoingServer("backend", -1));
        assertThat(destination.server()).contains(new OutgoingServer("backend", 143));
        assertThat(destination.serverForLog()).isEqualTo("backend:imap");
    }

    @Test
    void destinationShouldFillPortFromProtocolAndLogServiceName() {
        Destination destination = selection().destination(session(Protocol.MANAGESIEVE), Credentials.of("alice", "pw"),
                null, null, new OutgoingServer("::1", -1));
        assertThat(destination.server()).contains(new OutgoingServer("::1", 4190));
        assertThat(destination.serverForLog()).isEqualTo("::1:sieve");
    }

    @Test
    void destinationShouldLogNumericDefaultPortWithNoLookup() {
        Destination destination = selection("no_lookup", "true").destination(session(Protocol.POP3),
                Credentials.of("alice", "pw"), null, null, null);
        assertThat(destination.serverForLog()).isEqualTo("(null):110");
    }

    @Test
    void destinationShouldLogNullServerWithOutgoingPort() {
        Destination destination = selection("outgoing_port", "2110").destination(session(Protocol.POP3),
                Credentials.of("alice", "pw"), null, null, null);
        assertThat(destination.server()).isEmpty();
        assertThat(destination.serverForLog()).isEqualTo("(null):2110");
    }

    @Test
    void destinationShouldUseShortUserWithClientServerSpecification() {
        ServerSelection selection = selection("client_server_specification", "true", "lower_case", "servername_lookup");
        Destination destination = selection.destination(session(Protocol.POP3), Credentials.of("Alice@Host:110", "pw"),
                selection.clientServerSpecification("alice@host:110"), null, new OutgoingServer("host", 110));
        assertThat(destination.remoteUser()).isEqualTo("Alice");
        assertThat(destination.logUser()).isEqualTo("Alice");
    }

    @Test
    void destinationShouldUseDatabaseUserOnlyWithUsernameFromDatabase() {
        UserServerPort result = found("alice@host:1110");
        Destination plain = selection().destination(session(Protocol.POP3), Credentials.of("map-alice", "pw"),
                null, result, result.server().get());
        assertThat(plain.remoteUser()).isEqualTo("map-alice");

        Destination fromDatabase = selection("username_from_database", "true", "add_domain", "remote_login",
                "explicit_domain", "example.com").destination(session(Protocol.POP3),
                Credentials.of("map-alice", "pw"), null, result, result.server().get());
        assertThat(fromDatabase.logUser()).isEqualTo("alice");
        assertThat(fromDatabase.remoteUser()).isEqualTo("alice@example.com");
    }

    @Test
    void aDatabaseUserOfNonAsciiTextShouldGoToAPop3BackendAsItsUtf8Octets() {
        UserServerPort result = found("jürgen@host:1110");
        Destination fromDatabase = selection("username_from_database", "true").destination(session(Protocol.POP3),
                Credentials.of("map-jurgen", "pw"), null, result, result.server().get());
        assertThat(fromDatabase.remoteUser().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("jürgen".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** ManageSieve's SASL PLAIN credentials are octets too; its backend dialogue sends them as they are. */
    @Test
    void aDatabaseUserOfNonAsciiTextShouldGoToAManageSieveBackendAsItsUtf8Octets() {
        UserServerPort result = found("jürgen@host:4190");
        Destination fromDatabase = selection("username_from_database", "true").destination(session(Protocol.MANAGESIEVE),
                Credentials.of("map-jurgen", "pw"), null, result, result.server().get());
        assertThat(fromDatabase.remoteUser().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("jürgen".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** add_domain's domain is text: it reaches the backend in the encoding of the client's own name, as UTF-8 here. */
    @Test
    void aNonAsciiExplicitDomainShouldGoToTheBackendAsTheClientsEncoding() {
        String utf8Client = new String("jürgen".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        Destination destination = selection("add_domain", "remote_login", "explicit_domain", "bücher.example")
                .destination(session(Protocol.MANAGESIEVE), Credentials.of(utf8Client, "pw"), null, null,
                        new OutgoingServer("host", 4190));
        assertThat(destination.remoteUser().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("jürgen@bücher.example".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void destinationShouldMungeAuthorisationIdForRemoteLogin() {
        Destination destination = selection("strip_domain", "remote_login").destination(session(Protocol.MANAGESIEVE),
                new Credentials(Optional.of("bob@example.com"), "alice", "pw"), null, null, new OutgoingServer("h", 1));
        assertThat(destination.remoteUser()).isEqualTo("bob");
        assertThat(destination.logUser()).isEqualTo("bob@example.com");
    }

    @Test
    void fromShouldRejectBadOutgoingSettings() {
        assertThatThrownBy(() -> selection("outgoing_port", "nonsense")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outgoing_port");
        assertThatThrownBy(() -> selection("outgoing_server", "a,::1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outgoing_server ::1");
    }
}
