package org.perditioncamel.session;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.perditioncamel.testing.SilentLogLines;

import static org.assertj.core.api.Assertions.assertThat;

/** Which names the Auth and Close events carry. */
class SessionAuditTest {
    private final List<SessionEvent> events = new ArrayList<>();
    private final SessionAudit audit = new SessionAudit(events::add, SilentLogLines.INSTANCE, false);
    private final ProxySession session = new ProxySession(Protocol.MANAGESIEVE, new InetSocketAddress("192.0.2.10", 40000),
            new InetSocketAddress("192.0.2.1", 4190));

    /** perdition: bob\0alice\0wrong logs authorisation_id="bob" authentication_id="alice" (reference §15 case 33). */
    @Test
    void withAnAuthorisationIdTheAuthLineShouldNameItAndTheClientsAuthenticationId() {
        Credentials c = new Credentials(Optional.of("bob"), "alice", "wrong");
        audit.auth(session, c, "bob", "192.0.2.2:4190", "failed: Re-Authentication Failure");
        assertThat(events.get(0).authorisationId()).isEqualTo("bob");
        assertThat(events.get(0).authenticationId()).isEqualTo("alice");
    }

    @Test
    void withoutAnAuthorisationIdTheAuthLineShouldNameTheLoginName() {
        Credentials c = new Credentials(Optional.empty(), "alice@example.com", "secret");
        audit.auth(session, c, "alice", "192.0.2.2:4190", "ok");
        assertThat(events.get(0).authorisationId()).isNull();
        assertThat(events.get(0).authenticationId()).isEqualTo("alice");
    }

    @Test
    void theCloseLineShouldCarryTheNamesOfTheSuccessfulLogin() {
        Credentials c = new Credentials(Optional.of("bob"), "admin", "adminpw");
        session.loggedIn(SessionAudit.logAuthenticationId(c, "bob"), SessionAudit.logAuthorisationId(c, "bob"),
                "192.0.2.2:4190");
        audit.closed(session);
        SessionEvent close = events.get(events.size() - 1);
        assertThat(close.type()).isEqualTo(SessionEvent.Type.CLOSE);
        assertThat(close.authorisationId()).isEqualTo("bob");
        assertThat(close.authenticationId()).isEqualTo("admin");
    }

    /** ManageSieve's SASL PLAIN names are the client's octets, as POP3's and IMAP's: UTF-8 ones are logged as text. */
    @Test
    void manageSieveUtf8OctetsShouldBeLoggedAsText() {
        String octets = new String("j\u00f6rg".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String admin = new String("\u00e4dmin".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        audit.auth(session, new Credentials(Optional.of(octets), admin, "pw"), octets, "192.0.2.2:4190", "ok");
        assertThat(events.get(0).authorisationId()).isEqualTo("j\u00f6rg");
        assertThat(events.get(0).authenticationId()).isEqualTo("\u00e4dmin");
    }
}
